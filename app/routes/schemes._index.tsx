import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canCreateScheme } from "~/modules/livelihood/permissions";
import { schemePhase, schemePhases, type SchemePhase } from "~/modules/livelihood/scheme-phase";
import {
  listManageableDrafts,
  listSchemes,
  type SchemeWithArea,
} from "~/modules/livelihood/scheme-queries.server";
import { schemeSorts } from "~/modules/livelihood/scheme-schemas";
import { formatFen } from "~/lib/money";
import schemesStyles from "~/styles/schemes.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: schemesStyles }];

/** The phases a visitor can filter by (drafts are never in the public list). */
const listPhases = schemePhases.filter((p) => p !== "draft");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const roles = user ? await listActiveRoles(user.id) : [];
  const canCreate = roles.some(
    (r) => canCreateScheme(roles, { areaPath: r.areaPath, level: r.areaLevel }).allowed,
  );
  const q = new URL(request.url).searchParams;
  const phaseText = q.get("phase");
  const phase = (listPhases as readonly string[]).includes(phaseText ?? "")
    ? (phaseText as SchemePhase)
    : null;
  const sortText = q.get("sort");
  const sort = sortText === "budget" ? "budget" : "newest";
  const text = (q.get("q") ?? "").trim().slice(0, 100);
  const page = Math.min(Math.max(Number.parseInt(q.get("page") ?? "1", 10) || 1, 1), 10_000);
  const now = new Date();
  const [list, drafts] = await Promise.all([
    listSchemes({ phase, q: text, sort, page, now }),
    canCreate ? listManageableDrafts(roles) : Promise.resolve([]),
  ]);
  const row = (r: SchemeWithArea) => ({
    id: r.scheme.id,
    title: r.scheme.title,
    area: localizedName(r.area, locale),
    phase: schemePhase(r.scheme, now),
    budget: formatFen(r.scheme.budgetMinor, locale),
  });
  return {
    title: `${t("schemes:list.title")} · ${t("common:appName")}`,
    canCreate,
    filters: { phase, sort, q: text, page },
    schemes: list.rows.map(row),
    drafts: drafts.map(row),
    hasMore: list.hasMore,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

type Filters = ReturnType<typeof useLoaderData<typeof loader>>["filters"];

function pageHref(filters: Filters, page: number) {
  const q = new URLSearchParams();
  if (filters.phase) q.set("phase", filters.phase);
  if (filters.q) q.set("q", filters.q);
  if (filters.sort !== "newest") q.set("sort", filters.sort);
  if (page > 1) q.set("page", String(page));
  return `?${q.toString()}`;
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["schemes"][number];

function SchemeCards({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list">
      {rows.map((s) => (
        <li key={s.id} className="scheme-card">
          <h3>
            <Link to={`/schemes/${s.id}`}>{s.title}</Link>
          </h3>
          <p>
            <span className="badge">{t(`schemes:phase.${s.phase}`)}</span>{" "}
            <span className="muted">{s.area}</span>
          </p>
          <p>{t("schemes:list.budgetLine", { budget: s.budget })}</p>
        </li>
      ))}
    </ul>
  );
}

export default function Schemes() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { filters } = data;
  return (
    <>
      <h1>{t("schemes:list.title")}</h1>
      <p className="lead">{t("schemes:list.lead")}</p>
      {data.canCreate ? (
        <p>
          <Link className="button primary" to="/schemes/new">
            {t("schemes:list.new")}
          </Link>
        </p>
      ) : null}
      {data.drafts.length > 0 ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t("schemes:list.draftsHeading")}</h2>
          <SchemeCards rows={data.drafts} />
        </section>
      ) : null}
      <section aria-labelledby="schemes-heading">
        <h2 id="schemes-heading">{t("schemes:list.publicHeading")}</h2>
        <Form method="get" className="filter-form">
          <div className="period-fields">
            <div className="field">
              <label htmlFor="filter-q">{t("schemes:list.search")}</label>
              <input id="filter-q" name="q" type="search" defaultValue={filters.q} />
            </div>
            <div className="field">
              <label htmlFor="filter-phase">{t("schemes:list.phase")}</label>
              <select id="filter-phase" name="phase" defaultValue={filters.phase ?? ""}>
                <option value="">{t("schemes:list.anyPhase")}</option>
                {listPhases.map((p) => (
                  <option key={p} value={p}>
                    {t(`schemes:phase.${p}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-sort">{t("schemes:list.sort")}</label>
              <select id="filter-sort" name="sort" defaultValue={filters.sort}>
                {schemeSorts.map((s) => (
                  <option key={s} value={s}>
                    {t(`schemes:list.sorts.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="button-row">
              <button type="submit" className="secondary">
                {t("schemes:list.apply")}
              </button>
            </div>
          </div>
        </Form>
        {data.schemes.length === 0 ? <p>{t("schemes:list.empty")}</p> : <SchemeCards rows={data.schemes} />}
        <nav className="pager" aria-label={t("schemes:list.pager")}>
          {filters.page > 1 ? (
            <Link to={pageHref(filters, filters.page - 1)}>{t("schemes:list.previous")}</Link>
          ) : (
            <span />
          )}
          {data.hasMore ? (
            <Link to={pageHref(filters, filters.page + 1)}>{t("schemes:list.next")}</Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
