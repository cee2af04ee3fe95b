import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { formatFen } from "~/lib/money";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listApplicationsForOrganisations } from "~/modules/funding/application-queries.server";
import { applicationStatusLabel } from "~/modules/funding/application-status";
import { callTitle, formatInstant } from "~/modules/funding/application-view.server";
import { memberOrganisationIds } from "~/modules/funding/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const rows = await listApplicationsForOrganisations(memberOrganisationIds(await listActiveRoles(user.id)));
  return {
    title: `${t("applications:list.title")} · ${t("common:appName")}`,
    applications: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      organisationName: r.organisationName,
      callId: r.callId,
      callTitle: callTitle({ title: r.callTitle, titleEn: r.callTitleEn }, locale),
      deadline: formatInstant(r.status === "returned" && r.reworkDueAt ? r.reworkDueAt : r.closesAt, locale),
      requested: r.requestedMinor ? formatFen(r.requestedMinor, locale) : "",
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function MyApplications() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("applications:list.title")}</h1>
      <p className="lead">{t("applications:list.lead")}</p>
      <p>
        <Link to="/funding">{t("applications:list.findCalls")}</Link>
      </p>
      {d.applications.length === 0 ? (
        <p>{t("applications:list.none")}</p>
      ) : (
        <table>
          <caption>{t("applications:list.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("applications:list.project")}</th>
              <th scope="col">{t("applications:list.organisation")}</th>
              <th scope="col">{t("applications:list.call")}</th>
              <th scope="col">{t("applications:list.status")}</th>
              <th scope="col">{t("applications:list.requested")}</th>
              <th scope="col">{t("applications:list.deadline")}</th>
            </tr>
          </thead>
          <tbody>
            {d.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/applications/${a.id}`}>{a.title || t("applications:untitled")}</Link>
                </td>
                <td>{a.organisationName}</td>
                <td>
                  <Link to={`/funding/${a.callId}`}>{a.callTitle}</Link>
                </td>
                <td>{t(applicationStatusLabel[a.status])}</td>
                <td>{a.requested}</td>
                <td>{a.deadline}</td>
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
