import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { loadApplicantFeedback } from "~/modules/funding/applicant-feedback.server";
import { recommendationLabel } from "~/modules/funding/review-schemas";
import { roundScore } from "~/modules/funding/scoring";

/** The applicant's scores and anonymous comments, once results are out; 404 for everyone else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const feedback = await loadApplicantFeedback(params.applicationId ?? "", await listActiveRoles(user.id));
  if (!feedback) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  return { title: `${t("reviews:feedback.title")} · ${t("common:appName")}`, locale, feedback };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

const score = (x: number | null) => (x === null ? "—" : String(roundScore(x)));

export default function FeedbackPage() {
  const { feedback: f, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const name = (c: { name: string; nameEn: string }) => (locale === "en" && c.nameEn ? c.nameEn : c.name);
  return (
    <div className="stack">
      <p>
        <Link to={`/applications/${f.application.id}`}>{f.application.title}</Link>
      </p>
      <h1>{t("reviews:feedback.title")}</h1>
      <p>{locale === "en" && f.call.titleEn ? f.call.titleEn : f.call.title}</p>
      <p>{t("reviews:feedback.rankOf", { rank: f.rank, of: f.of, total: score(f.totalScore) })}</p>
      <table>
        <caption>{t("reviews:feedback.scoresCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("reviews:criterion")}</th>
            <th scope="col">{t("reviews:feedback.weight")}</th>
            <th scope="col">{t("reviews:score")}</th>
          </tr>
        </thead>
        <tbody>
          {f.criteria.map((c) => (
            <tr key={c.criterionId}>
              <td>{name(c)}</td>
              <td>{c.weight}</td>
              <td>
                {score(c.aggregated)} / {c.maxScore}
              </td>
            </tr>
          ))}
          {f.priceScore !== null ? (
            <tr>
              <td>{t("reviews:priceScore")}</td>
              <td />
              <td>{score(f.priceScore)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <section aria-labelledby="comments-heading" className="stack">
        <h2 id="comments-heading">{t("reviews:feedback.commentsHeading")}</h2>
        <p>{t("reviews:feedback.anonymous")}</p>
        {f.reviews.map((r) => (
          <article key={r.label} className="stack">
            <h3>{t("reviews:feedback.reviewer", { n: r.label })}</h3>
            <p>
              {t("reviews:assignment.recommendationLegend")}:{" "}
              {r.recommendation ? t(recommendationLabel[r.recommendation]) : ""}
            </p>
            <p>{r.comment}</p>
            {r.criterionComments.length > 0 ? (
              <ul>
                {r.criterionComments.map((c) => (
                  <li key={c.criterionId}>
                    {name(f.criteria.find((x) => x.criterionId === c.criterionId)!)}: {c.comment}
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
