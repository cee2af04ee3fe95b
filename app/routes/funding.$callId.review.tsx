import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CsrfInput } from "~/components/csrf-input";
import { FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { readForm } from "~/lib/csrf.server";
import { refusedSubmission } from "~/lib/form-reply.server";
import { formatFen } from "~/lib/money";
import { getRequestMeta } from "~/lib/request-meta.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { rankCall } from "~/modules/funding/ranking.server";
import { loadCallReview, loadDraw } from "~/modules/funding/review-queries.server";
import { assignmentStatusLabel } from "~/modules/funding/review-schemas";
import { verifyDraw } from "~/modules/funding/reviewer-draw";
import { roundScore } from "~/modules/funding/scoring";
import { startReview } from "~/modules/funding/start-review.server";

const StartReviewSchema = z.object({ intent: z.literal("startReview") });

/** Officials who run the call only; anyone else — or a forged id — gets 404. */
async function requireCallOfficial(request: Request, callId: string) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const review = await loadCallReview(callId, roles);
  if (!review) throw new Response(null, { status: 404 });
  return { user, roles, review };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const callId = params.callId ?? "";
  const { user, review } = await requireCallOfficial(request, callId);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  // ?verify=<drawId>: re-run a recorded draw from its seed and pool, so the official can show it holds.
  const verifyId = url.searchParams.get("verify");
  const draw = verifyId ? await loadDraw(verifyId, callId) : null;
  const phase = review.call.phase;
  return {
    title: `${t("reviews:official.title")} · ${t("common:appName")}`,
    locale,
    review,
    started: url.searchParams.get("notice") === "started",
    verification: draw ? { ...draw, verified: verifyDraw(draw) } : null,
    ranking: phase === "in_review" || phase === "notice" || phase === "awarded" ? await rankCall(callId) : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const callId = params.callId ?? "";
  const { user, roles } = await requireCallOfficial(request, callId);
  const submission = parseWithZod(formData, { schema: StartReviewSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  try {
    await startReview({ actor: user, actorRoles: roles, callId, meta: getRequestMeta(request, context) });
  } catch (error) {
    return refusedSubmission(submission, error);
  }
  return redirect(`/funding/${callId}/review?notice=started`);
}

const score = (x: number | null) => (x === null ? "—" : String(roundScore(x)));

export default function CallReviewPage() {
  const { review, ranking, started, verification, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as {
    result?: { error?: Record<string, string[] | null> };
  };
  const { t } = useTranslation();
  const call = review.call;
  const callTitle = locale === "en" && call.titleEn ? call.titleEn : call.title;
  const criteria = ranking[0]?.criteria ?? [];
  const short = review.applications.filter((a) => a.short);
  return (
    <div className="stack">
      <p>
        <Link to={`/funding/${call.id}`}>{callTitle}</Link>
      </p>
      <h1>{t("reviews:official.title")}</h1>
      {started ? (
        <p role="status" className="notice">
          {t("reviews:official.startedNotice")}
        </p>
      ) : null}
      {short.length > 0 ? (
        <p role="alert" className="warning">
          {t("reviews:official.poolTooSmall", { count: short.length })}
        </p>
      ) : null}
      {call.phase === "closed" ? (
        <Form method="post" className="stack">
          <CsrfInput />
          <FormErrors errors={actionData?.result?.error?.[""] ?? null} />
          {review.unscreened > 0 ? (
            <p>{t("reviews:official.unscreened", { count: review.unscreened })}</p>
          ) : (
            <p>{t("reviews:official.startExplain", { count: call.reviewersPerApplication })}</p>
          )}
          <div className="button-row">
            <button type="submit" name="intent" value="startReview" className="primary">
              {t("reviews:official.startButton")}
            </button>
          </div>
        </Form>
      ) : call.phase === "draft" || call.phase === "scheduled" || call.phase === "open" ? (
        <p>{t("reviews:official.notYet")}</p>
      ) : null}

      {verification ? (
        <section aria-labelledby="verify-heading" className="stack">
          <h2 id="verify-heading">{t("reviews:official.verifyHeading")}</h2>
          <p>{t("reviews:official.verifyExplain")}</p>
          <p role="status">
            {verification.verified ? t("reviews:official.verifyOk") : t("reviews:official.verifyFailed")}
          </p>
          <pre>
            {JSON.stringify(
              { seed: verification.seed, pool: verification.pool, drawn: verification.drawn },
              null,
              2,
            )}
          </pre>
        </section>
      ) : null}

      <section aria-labelledby="draws-heading" className="stack">
        <h2 id="draws-heading">{t("reviews:official.drawsHeading")}</h2>
        {review.applications.length === 0 ? <p>{t("reviews:official.noApplications")}</p> : null}
        {review.applications.map((a) => (
          <article key={a.id} className="stack">
            <h3>
              {a.title} — {a.organisationName}
            </h3>
            {a.draws.length === 0 ? (
              <p>{t("reviews:official.notDrawn")}</p>
            ) : (
              <table aria-label={t("reviews:official.drawsCaption", { title: a.title })}>
                <thead>
                  <tr>
                    <th scope="col">{t("reviews:official.drawReason")}</th>
                    <th scope="col">{t("reviews:official.seed")}</th>
                    <th scope="col">{t("reviews:official.poolSize")}</th>
                    <th scope="col">{t("reviews:official.drawnCount")}</th>
                    <th scope="col">{t("reviews:official.verify")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.draws.map((d) => (
                    <tr key={d.id}>
                      <td>
                        {d.reason === "replacement"
                          ? t("reviews:official.reasonReplacement")
                          : t("reviews:official.reasonInitial")}
                      </td>
                      <td>
                        <code>{d.seed.slice(0, 16)}…</code>
                      </td>
                      <td>{d.poolSize}</td>
                      <td>{d.drawnCount}</td>
                      <td>
                        <Link to={`?verify=${d.id}#verify-heading`}>{t("reviews:official.verify")}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {a.assignments.length > 0 ? (
              <ul>
                {a.assignments.map((x) => (
                  <li key={x.id}>
                    {x.reviewerName}: {t(assignmentStatusLabel[x.status])}
                    {x.recusalReason ? ` (${x.recusalReason})` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </article>
        ))}
      </section>

      {ranking.length > 0 ? (
        <section aria-labelledby="ranking-heading" className="stack">
          <h2 id="ranking-heading">{t("reviews:official.rankingHeading")}</h2>
          <p>{t("reviews:official.rankingExplain")}</p>
          <div className="table-scroll">
            <table>
              <caption>{t("reviews:official.rankingCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("reviews:rank")}</th>
                  <th scope="col">{t("reviews:application")}</th>
                  <th scope="col">{t("reviews:official.requested")}</th>
                  {criteria.map((c) => (
                    <th scope="col" key={c.criterionId}>
                      {locale === "en" && c.nameEn ? c.nameEn : c.name} ({c.weight})
                    </th>
                  ))}
                  {call.kind === "purchase" ? <th scope="col">{t("reviews:priceScore")}</th> : null}
                  <th scope="col">{t("reviews:total")}</th>
                  <th scope="col">{t("reviews:official.progress")}</th>
                </tr>
              </thead>
              <tbody>
                {ranking.map((r) => (
                  <tr key={r.applicationId}>
                    <td>{r.rank}</td>
                    <td>
                      {r.title}
                      <br />
                      {r.organisationName}
                    </td>
                    <td>{formatFen(r.requestedMinor, locale)}</td>
                    {r.criteria.map((c) => (
                      <td key={c.criterionId}>
                        {score(c.aggregated)} / {c.maxScore}
                        {c.flagged ? (
                          <>
                            {" "}
                            <strong>{t("reviews:official.flagged")}</strong>
                          </>
                        ) : null}
                      </td>
                    ))}
                    {call.kind === "purchase" ? <td>{score(r.priceScore)}</td> : null}
                    <td>{score(r.totalScore)}</td>
                    <td>
                      {t("reviews:official.reviewsOf", {
                        done: r.reviewsSubmitted,
                        expected: r.reviewsExpected,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <Link to={`/funding/${call.id}/award`}>{t("reviews:official.toAward")}</Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
