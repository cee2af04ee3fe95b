import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { isExpertReviewer } from "~/modules/funding/permissions";
import { listMyAssignments } from "~/modules/funding/review-queries.server";
import { assignmentStatusLabel } from "~/modules/funding/review-schemas";

/** The reviewer's workspace: their own assignments only (a removed reviewer still sees theirs). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const assignments = await listMyAssignments(user.id);
  const roles = await listActiveRoles(user.id);
  if (assignments.length === 0 && !isExpertReviewer(roles)) throw new Response(null, { status: 403 });
  return {
    title: `${t("reviews:workspace.title")} · ${t("common:appName")}`,
    locale,
    assignments,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function ReviewsWorkspace() {
  const { assignments, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("reviews:workspace.title")}</h1>
      <p>{t("reviews:workspace.intro")}</p>
      <p>
        <Link to="/reviews/conflicts">{t("reviews:workspace.conflictsLink")}</Link>
      </p>
      {assignments.length === 0 ? (
        <p>{t("reviews:workspace.empty")}</p>
      ) : (
        <table>
          <caption>{t("reviews:workspace.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reviews:call")}</th>
              <th scope="col">{t("reviews:application")}</th>
              <th scope="col">{t("reviews:organisation")}</th>
              <th scope="col">{t("reviews:statusLabel")}</th>
              <th scope="col">{t("reviews:assignment.reviewEndsAt")}</th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id}>
                <td>{locale === "en" && a.callTitleEn ? a.callTitleEn : a.callTitle}</td>
                <td>
                  <Link to={`/reviews/${a.id}`}>{a.applicationTitle}</Link>
                </td>
                <td>{a.organisationName}</td>
                <td>{t(assignmentStatusLabel[a.status])}</td>
                <td>{toShanghaiLocal(new Date(a.reviewEndsAt)).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
