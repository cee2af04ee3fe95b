import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { formatFen } from "~/lib/money";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { listVisibleAgreements } from "~/modules/funding/agreement-queries.server";
import { TableRegion } from "~/components/table-region";

/** My organisations' agreements, and those of the calls I run as an official. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const rows = await listVisibleAgreements(await listActiveRoles(user.id));
  return {
    title: `${t("awards:agreements.title")} · ${t("common:appName")}`,
    agreements: rows.map((r) => ({
      id: r.id,
      title: r.title,
      organisationName: r.organisationName,
      callTitle: r.callTitle,
      amount: formatFen(r.amountMinor, locale),
      period: `${r.startsOn} – ${r.endsOn}`,
      stopped: r.stoppedAt !== null,
      mine: r.mine,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Agreements() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("awards:agreements.title")}</h1>
      {data.agreements.length === 0 ? (
        <p>{t("awards:agreements.none")}</p>
      ) : (
        <TableRegion label={t("awards:agreements.caption")}>
          <table>
            <caption>{t("awards:agreements.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("awards:table.project")}</th>
                <th scope="col">{t("awards:table.organisation")}</th>
                <th scope="col">{t("awards:agreements.call")}</th>
                <th scope="col">{t("awards:table.amount")}</th>
                <th scope="col">{t("awards:agreement.period")}</th>
              </tr>
            </thead>
            <tbody>
              {data.agreements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agreements/${a.id}`}>{a.title}</Link>
                    {a.stopped ? <span className="badge warn"> {t("awards:agreement.stopped")}</span> : null}
                  </td>
                  <td>{a.organisationName}</td>
                  <td>{a.callTitle}</td>
                  <td>{a.amount}</td>
                  <td>{a.period}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
