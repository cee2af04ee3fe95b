import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { formatDateTime } from "~/modules/consultations/consultation-page.server";
import { listConsultations } from "~/modules/consultations/consultation-queries.server";
import { consultationStates, pageSize, type ConsultationState } from "~/modules/consultations/consultation-schemas";
import styles from "~/styles/consultations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  const area = url.searchParams.get("area")?.trim() || null;
  const stateParam = url.searchParams.get("state");
  const state = consultationStates.includes(stateParam as ConsultationState)
    ? (stateParam as ConsultationState)
    : null;
  const page = Math.max(1, Math.min(1000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const list = await listConsultations({ areaCode: area, state, page }, roles);
  return {
    title: `${t("consultations:list.title")} · ${t("common:appName")}`,
    filters: { area: area ?? "", state: state ?? "" },
    page,
    pages: Math.max(1, Math.ceil(list.total / pageSize)),
    total: list.total,
    areaFound: list.areaFound,
    canCreate: roles.some((r) => canManageArea([r], r.areaPath).allowed),
    rows: list.rows.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      area: localizedName(r.area, locale),
      opensAt: formatDateTime(r.opensAt, locale),
      closesAt: formatDateTime(r.closesAt, locale),
      responses: r.responses,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Consultations() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (d.filters.area) params.set("area", d.filters.area);
    if (d.filters.state) params.set("state", d.filters.state);
    params.set("page", String(page));
    return `/consultations?${params.toString()}`;
  };
  return (
    <>
      <h1>{t("consultations:list.title")}</h1>
      <p className="lead">{t("consultations:list.lead")}</p>
      {d.canCreate ? (
        <p>
          <Link to="/consultations/new">{t("consultations:list.new")}</Link>
        </p>
      ) : null}
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="filter-area">{t("consultations:list.area")}</label>
          <input
            id="filter-area"
            name="area"
            defaultValue={d.filters.area}
            aria-describedby="filter-area-hint"
          />
          <p id="filter-area-hint" className="hint">
            {t("consultations:list.areaHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="filter-state">{t("consultations:list.state")}</label>
          <select id="filter-state" name="state" defaultValue={d.filters.state}>
            <option value="">{t("consultations:list.anyState")}</option>
            {consultationStates.map((s) => (
              <option key={s} value={s}>
                {t(`consultations:states.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("consultations:list.filter")}
        </button>
      </Form>
      {!d.areaFound ? <p className="form-error">{t("consultations:list.areaNotFound")}</p> : null}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t("consultations:list.count", { count: d.total })}</h2>
        {d.rows.length === 0 ? (
          <p>{t("consultations:list.empty")}</p>
        ) : (
          <ul className="card-list">
            {d.rows.map((r) => (
              <li key={r.id}>
                <h3>
                  <Link to={`/consultations/${r.id}`}>{r.title}</Link>
                </h3>
                <p>
                  <span className="badge">{t(`consultations:states.${r.state}`)}</span> {r.area}
                </p>
                <p className="muted">
                  {t("consultations:list.dates", { opens: r.opensAt, closes: r.closesAt })} ·{" "}
                  {t("consultations:list.responses", { count: r.responses })}
                </p>
              </li>
            ))}
          </ul>
        )}
        {d.pages > 1 ? (
          <nav aria-label={t("consultations:list.paging")} className="button-row">
            {d.page > 1 ? <Link to={pageLink(d.page - 1)}>{t("consultations:list.previous")}</Link> : null}{" "}
            <span>{t("consultations:list.pageOf", { page: d.page, pages: d.pages })}</span>{" "}
            {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>{t("consultations:list.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
