import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { listMyProposals } from "~/modules/livelihood/proposal-queries.server";
import proposalStyles from "~/styles/proposals.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: proposalStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const now = Date.now();
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  const rows = await listMyProposals(user.id);
  return {
    title: `${t("proposals:mine.title")} · ${t("common:appName")}`,
    proposals: rows.map((r) => ({
      id: r.id,
      title: r.title,
      // A collecting proposal past its deadline is expired, whether or not the sweep has run.
      status:
        r.status === "collecting" && r.supportDeadline && r.supportDeadline.getTime() <= now
          ? "expired"
          : r.status,
      schemeId: r.schemeId,
      schemeTitle: r.schemeTitle,
      supports: r.supports,
      threshold: r.threshold,
      created: format.format(r.createdAt),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function MyProposals() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const drafts = d.proposals.filter((p) => p.status === "draft");
  const published = d.proposals.filter((p) => p.status !== "draft");
  return (
    <>
      <h1>{t("proposals:mine.title")}</h1>
      <p className="lead">{t("proposals:mine.lead")}</p>
      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">{t("proposals:mine.drafts", { count: drafts.length })}</h2>
        {drafts.length === 0 ? (
          <p>{t("proposals:mine.noDrafts")}</p>
        ) : (
          <ul className="card-list">
            {drafts.map((p) => (
              <li key={p.id}>
                <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                <p className="muted">
                  {p.schemeTitle} · {t("proposals:mine.created", { date: p.created })}
                </p>
                <Link to={`/proposals/${p.id}/edit`}>{t("proposals:mine.continue")}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="published-heading">
        <h2 id="published-heading">{t("proposals:mine.published", { count: published.length })}</h2>
        {published.length === 0 ? (
          <p>{t("proposals:mine.noPublished")}</p>
        ) : (
          <TableRegion labelledBy="published-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("proposals:mine.proposal")}</th>
                  <th scope="col">{t("proposals:mine.scheme")}</th>
                  <th scope="col">{t("proposals:mine.status")}</th>
                  <th scope="col">{t("proposals:mine.supports")}</th>
                </tr>
              </thead>
              <tbody>
                {published.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/proposals/${p.id}`}>{p.title}</Link>
                    </td>
                    <td>
                      <Link to={`/schemes/${p.schemeId}`}>{p.schemeTitle}</Link>
                    </td>
                    <td>{t(`proposals:status.${p.status}`)}</td>
                    <td>{t("proposals:mine.supportCount", { count: p.supports, threshold: p.threshold })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
