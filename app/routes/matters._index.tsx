import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser, requireUser } from "~/modules/accounts/auth.server";
import { canManageArea } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import {
  hasMatterQueue,
  listMatterQueue,
  listMatters,
  pageSize,
  type MatterRow,
} from "~/modules/matters/matter-queries.server";
import {
  matterSorts,
  statusFilters,
  type MatterSort,
  type StatusFilter,
} from "~/modules/matters/matter-schemas";
import { isOverdue } from "~/modules/matters/working-days";
import mattersStyles from "~/styles/matters.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mattersStyles }];

function formatDate(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(date);
}

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const queueView = url.searchParams.get("queue") === "1";
  // The queue is personal: signed-out visitors are sent to sign in first.
  const user = queueView ? await requireUser(request) : await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const now = new Date();
  if (queueView && !hasMatterQueue(roles)) throw new Response(null, { status: 403 });

  const areaCode = url.searchParams.get("area")?.trim() || null;
  const area = areaCode ? await getAreaByCode(areaCode) : null;
  if (areaCode && !area) throw new Response(null, { status: 404 });
  const status = pick<StatusFilter>(url.searchParams.get("status"), statusFilters, "all");
  const sort = pick<MatterSort>(url.searchParams.get("sort"), matterSorts, "newest");
  const pageParam = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 && pageParam <= 10_000 ? pageParam : 1;

  const { rows, total } = queueView
    ? { rows: await listMatterQueue(roles, now), total: 0 }
    : await listMatters({ areaPath: area?.path ?? null, status, sort, page, now });
  const item = (m: Omit<MatterRow, "grid">) => ({
    id: m.id,
    title: m.title,
    status: m.status,
    category: m.category,
    community: localizedName(m.community, locale),
    meTooCount: m.meTooCount,
    raisedAt: formatDate(m.createdAt, locale),
    dueDate: formatDate(m.responseDueAt, locale),
    overdue: isOverdue(m, now),
    handlerName: m.handlerName,
  });
  return {
    title: `${t(queueView ? "matters:queue.title" : "matters:list.title")} · ${t("common:appName")}`,
    queueView,
    area: area ? { code: area.code, name: localizedName(area, locale) } : null,
    status,
    sort,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    total,
    items: rows.map(item),
    canRaise: roles.some((r) => r.role === "resident"),
    // A resident's or committee member's own community, one click away.
    homeCode: roles.find((r) => r.role === "resident" || r.role === "committee_member")?.areaCode ?? null,
    hasQueue: hasMatterQueue(roles),
    canSettings: roles.some(
      (r) =>
        canManageArea([r], r.areaPath).allowed || r.role === "platform_admin" || r.role === "city_official",
    ),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

const statusLabel = {
  all: "matters:list.statusAll",
  open: "matters:list.statusOpen",
  overdue: "matters:list.statusOverdue",
  responded: "matters:list.statusResponded",
} as const;
const sortLabel = {
  metoo: "matters:list.sortMeToo",
  newest: "matters:list.sortNewest",
  due: "matters:list.sortDue",
} as const;

export default function MattersIndex() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (data.area) params.set("area", data.area.code);
    params.set("status", data.status);
    params.set("sort", data.sort);
    params.set("page", String(page));
    return `/matters?${params}`;
  };
  return (
    <>
      <h1>{t(data.queueView ? "matters:queue.title" : "matters:list.title")}</h1>
      <p className="lead">{t(data.queueView ? "matters:queue.lead" : "matters:list.lead")}</p>
      <ul className="matter-actions">
        {data.canRaise ? (
          <li>
            <Link to="/matters/new" className="button">
              {t("matters:list.raise")}
            </Link>
          </li>
        ) : null}
        {data.homeCode && data.area?.code !== data.homeCode ? (
          <li>
            <Link to={`/matters?area=${data.homeCode}`}>{t("matters:list.myCommunity")}</Link>
          </li>
        ) : null}
        {data.hasQueue ? (
          <li>
            {data.queueView ? (
              <Link to="/matters">{t("matters:list.publicLink")}</Link>
            ) : (
              <Link to="/matters?queue=1">{t("matters:list.queueLink")}</Link>
            )}
          </li>
        ) : null}
        {data.canSettings ? (
          <li>
            <Link to="/matters/settings">{t("matters:list.settingsLink")}</Link>
          </li>
        ) : null}
      </ul>

      {data.queueView ? null : (
        <Form method="get" className="inline-form filter-form" aria-labelledby="filter-heading">
          <h2 id="filter-heading" className="visually-hidden">
            {t("matters:list.filterHeading")}
          </h2>
          {data.area ? <input type="hidden" name="area" value={data.area.code} /> : null}
          <div className="field">
            <label htmlFor="status-filter">{t("matters:list.status")}</label>
            <select id="status-filter" name="status" defaultValue={data.status}>
              {statusFilters.map((s) => (
                <option key={s} value={s}>
                  {t(statusLabel[s])}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="sort-filter">{t("matters:list.sort")}</label>
            <select id="sort-filter" name="sort" defaultValue={data.sort}>
              {matterSorts.map((s) => (
                <option key={s} value={s}>
                  {t(sortLabel[s])}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("matters:list.apply")}
          </button>
        </Form>
      )}
      {data.area ? (
        <p>
          {t("matters:list.inArea", { area: data.area.name })}{" "}
          <Link to="/matters">{t("matters:list.allAreas")}</Link>
        </p>
      ) : null}

      <section aria-labelledby="results-heading">
        <h2 id="results-heading">
          {data.queueView
            ? t("matters:queue.count", { n: data.items.length })
            : t("matters:list.count", { n: data.total })}
        </h2>
        {data.items.length === 0 ? (
          <p>{t(data.queueView ? "matters:queue.empty" : "matters:list.empty")}</p>
        ) : (
          <ul className="card-list matter-list">
            {data.items.map((m) => (
              <li key={m.id}>
                <h3>
                  <Link to={`/matters/${m.id}`}>{m.title}</Link>
                </h3>
                <p>
                  <span className={`badge status-${m.status}`}>{t(`matters:status.${m.status}`)}</span>{" "}
                  {m.overdue ? <span className="badge overdue">{t("matters:list.overdueBadge")}</span> : null}
                </p>
                <p className="meta">
                  {t("matters:list.itemMeta", {
                    community: m.community,
                    category: t(`matters:categories.${m.category}`),
                    date: m.raisedAt,
                  })}
                </p>
                <p className="meta">
                  {t("matters:list.itemDue", { date: m.dueDate })} ·{" "}
                  {t("matters:list.itemMeToo", { n: m.meTooCount })}
                  {m.handlerName ? ` · ${t("matters:list.itemHandler", { name: m.handlerName })}` : null}
                </p>
              </li>
            ))}
          </ul>
        )}
        {!data.queueView && data.pages > 1 ? (
          <nav className="pager" aria-label={t("matters:list.pager")}>
            {data.page > 1 ? <Link to={pageLink(data.page - 1)}>{t("matters:list.previous")}</Link> : null}
            <span>{t("matters:list.pageOf", { page: data.page, pages: data.pages })}</span>
            {data.page < data.pages ? (
              <Link to={pageLink(data.page + 1)}>{t("matters:list.next")}</Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
