import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { formatFen } from "~/lib/money";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listApplicationsForCall, loadCallRules } from "~/modules/funding/application-queries.server";
import { applicationStatusLabel } from "~/modules/funding/application-status";
import { callTitle, formatInstant } from "~/modules/funding/application-view.server";
import { callPhase } from "~/modules/funding/call-phase";
import { canManageCall } from "~/modules/funding/permissions";

/** The call's officials: submitted applications (never drafts) with request, status and screening progress. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const call = await loadCallRules(params.callId ?? "");
  if (!call || !canManageCall(await listActiveRoles(user.id), call.areaPath).allowed)
    throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const phase = callPhase(call, new Date());
  const rows = await listApplicationsForCall(call.id);
  return {
    title: `${t("applications:callList.title")} · ${t("common:appName")}`,
    call: { id: call.id, title: callTitle(call, locale), closesAt: formatInstant(call.closesAt, locale) },
    screeningOpen: phase === "closed" || phase === "in_review",
    applications: rows.map((r) => ({
      id: r.id,
      title: r.title,
      organisationName: r.organisationName,
      status: r.status,
      requested: formatFen(r.requestedMinor, locale),
      submittedAt: r.submittedAt ? formatInstant(r.submittedAt, locale) : "",
      checked: r.checked,
      items: r.checklistItems,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function CallApplications() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/funding/${d.call.id}`}>{t("applications:apply.back", { title: d.call.title })}</Link>
      </p>
      <h1>{t("applications:callList.title")}</h1>
      <p className="lead">
        {d.screeningOpen
          ? t("applications:callList.screeningOpen")
          : t("applications:callList.screeningLater", { closesAt: d.call.closesAt })}
      </p>
      {d.applications.length === 0 ? (
        <p>{t("applications:callList.none")}</p>
      ) : (
        <table>
          <caption>{t("applications:callList.caption", { title: d.call.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("applications:list.project")}</th>
              <th scope="col">{t("applications:list.organisation")}</th>
              <th scope="col">{t("applications:list.requested")}</th>
              <th scope="col">{t("applications:detail.submittedAt")}</th>
              <th scope="col">{t("applications:list.status")}</th>
              <th scope="col">{t("applications:callList.screening")}</th>
            </tr>
          </thead>
          <tbody>
            {d.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/applications/${a.id}`}>{a.title || t("applications:untitled")}</Link>
                </td>
                <td>{a.organisationName}</td>
                <td>{a.requested}</td>
                <td>{a.submittedAt}</td>
                <td>{t(applicationStatusLabel[a.status])}</td>
                <td>
                  {d.screeningOpen ? (
                    <Link to={`/applications/${a.id}/screen`}>
                      {t("applications:callList.progress", { checked: a.checked, items: a.items })}
                    </Link>
                  ) : (
                    t("applications:callList.progress", { checked: a.checked, items: a.items })
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
