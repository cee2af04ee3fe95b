import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { formatFen } from "~/lib/money";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { callCategories, isCallCategory } from "~/modules/funding/call-categories";
import { listManagedCalls, listVisibleCalls } from "~/modules/funding/call-queries.server";
import { callKinds, listPhases } from "~/modules/funding/call-schemas";
import { canCreateCall } from "~/modules/funding/permissions";

const governmentLevels = new Set(["street", "district", "city"]);

function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return value && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

function formatWhen(date: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const roles = user ? await listActiveRoles(user.id) : [];
  const q = new URL(request.url).searchParams;
  const kind = oneOf(callKinds, q.get("kind"));
  const phase = oneOf(listPhases, q.get("phase"));
  const categoryParam = q.get("category");
  const category = isCallCategory(categoryParam) ? categoryParam : undefined;
  const area = /^[0-9A-Za-z_-]{1,32}$/.test(q.get("area") ?? "") ? q.get("area")! : undefined;
  const page = Math.max(1, Number.parseInt(q.get("page") ?? "1", 10) || 1);
  const now = new Date();
  const list = await listVisibleCalls({ kind, phase, category, area, page }, now);
  const canCreate = roles.some(
    (r) => governmentLevels.has(r.areaLevel) && canCreateCall([r], r.areaPath).allowed,
  );
  const row = (c: (typeof list.calls)[number]) => ({
    id: c.id,
    title: locale === "en" && c.titleEn.trim() ? c.titleEn : c.title,
    kind: c.kind,
    phase: c.phase,
    area: localizedName({ nameZhCn: c.areaNameZhCn, nameZhHk: c.areaNameZhHk, nameEn: c.areaNameEn }, locale),
    budget: formatFen(c.budgetMinor, locale),
    closesAt: formatWhen(c.closesAt, locale),
    categories: c.categories,
  });
  const managed = canCreate ? await listManagedCalls(roles, now) : [];
  return {
    title: `${t("calls:list.title")} · ${t("common:appName")}`,
    filters: { kind: kind ?? "", phase: phase ?? "", category: category ?? "", area: area ?? "" },
    calls: list.calls.map(row),
    total: list.total,
    page: list.page,
    pages: list.pages,
    canCreate,
    verifiesOrganisations: roles.some((r) =>
      ["district_official", "city_official", "platform_admin"].includes(r.role),
    ),
    hasAgreements: canCreate || roles.some((r) => r.role === "ngo_admin" || r.role === "ngo_member"),
    managed: managed.map(row),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

function pageHref(filters: Record<string, string>, page: number) {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
  q.set("page", String(page));
  return `/funding?${q.toString()}`;
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["calls"][number];

function CallTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("calls:list.call")}</th>
          <th scope="col">{t("calls:list.phase")}</th>
          <th scope="col">{t("calls:list.kind")}</th>
          <th scope="col">{t("calls:list.budget")}</th>
          <th scope="col">{t("calls:list.closes")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id}>
            <th scope="row">
              <Link to={`/funding/${c.id}`}>{c.title}</Link>
              <br />
              <small>
                {c.area} ·{" "}
                {c.categories.map((k) => t(`calls:category.${k}`)).join(t("calls:page.listJoiner"))}
              </small>
            </th>
            <td>
              <span className="badge">{t(`calls:phase.${c.phase}`)}</span>
            </td>
            <td>{t(`calls:kind.${c.kind}`)}</td>
            <td>{c.budget}</td>
            <td>{c.closesAt}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CallsList() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("calls:list.title")}</h1>
      <p className="lead">{t("calls:list.lead")}</p>
      <nav aria-label={t("calls:list.related")}>
        <ul className="inline-list">
          <li>
            <Link to="/organisations">{t("calls:list.organisations")}</Link>
          </li>
          {data.hasAgreements ? (
            <li>
              <Link to="/agreements">{t("calls:list.agreements")}</Link>
            </li>
          ) : null}
          {data.canCreate ? (
            <li>
              <Link to="/reviewers">{t("calls:list.reviewers")}</Link>
            </li>
          ) : null}
          {data.verifiesOrganisations ? (
            <li>
              <Link to="/organisations/review">{t("calls:list.organisationQueue")}</Link>
            </li>
          ) : null}
        </ul>
      </nav>
      {data.canCreate ? (
        <p>
          <Link to="/funding/new" className="button primary">
            {t("calls:list.new")}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="inline-form filter-form" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="visually-hidden">
          {t("calls:list.filterHeading")}
        </h2>
        {data.filters.area ? <input type="hidden" name="area" value={data.filters.area} /> : null}
        <div className="field">
          <label htmlFor="kind-filter">{t("calls:list.kind")}</label>
          <select id="kind-filter" name="kind" defaultValue={data.filters.kind}>
            <option value="">{t("calls:list.all")}</option>
            {callKinds.map((k) => (
              <option key={k} value={k}>
                {t(`calls:kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="phase-filter">{t("calls:list.phase")}</label>
          <select id="phase-filter" name="phase" defaultValue={data.filters.phase}>
            <option value="">{t("calls:list.all")}</option>
            {listPhases.map((p) => (
              <option key={p} value={p}>
                {t(`calls:phase.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="category-filter">{t("calls:list.category")}</label>
          <select id="category-filter" name="category" defaultValue={data.filters.category}>
            <option value="">{t("calls:list.all")}</option>
            {callCategories.map((c) => (
              <option key={c} value={c}>
                {t(`calls:category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("calls:list.apply")}
        </button>
      </Form>
      {data.calls.length === 0 ? (
        <p>{t("calls:list.empty")}</p>
      ) : (
        <CallTable rows={data.calls} caption={t("calls:list.caption", { count: data.total })} />
      )}
      {data.pages > 1 ? (
        <nav aria-label={t("calls:list.pages")}>
          {data.page > 1 ? (
            <Link to={pageHref(data.filters, data.page - 1)}>{t("calls:list.previous")}</Link>
          ) : null}{" "}
          {t("calls:list.pageOf", { page: data.page, pages: data.pages })}{" "}
          {data.page < data.pages ? (
            <Link to={pageHref(data.filters, data.page + 1)}>{t("calls:list.next")}</Link>
          ) : null}
        </nav>
      ) : null}
      {data.canCreate ? (
        <section aria-labelledby="managed-heading">
          <h2 id="managed-heading">{t("calls:list.managed")}</h2>
          {data.managed.length === 0 ? (
            <p>{t("calls:list.managedEmpty")}</p>
          ) : (
            <CallTable rows={data.managed} caption={t("calls:list.managedCaption")} />
          )}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
