import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  canExportProjects,
  listProjects,
  listSchemesWithProjects,
  projectsPageSize,
} from "~/modules/livelihood/project-queries.server";
import { projectStatuses, projectTracks } from "~/modules/livelihood/project-rules";
import { parseProjectFilter, projectSorts, type ProjectFilter } from "~/modules/livelihood/project-schemas";
import projectsStyles from "~/styles/projects.css";
import { TableRegion } from "~/components/table-region";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectsStyles }];

function formatMoney(minor: number, locale: Locale) {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "CNY" }).format(minor / 100);
}

/** The query string of a filter, without empty values (for paging and the CSV link). */
function filterQuery(filter: ProjectFilter, page?: number) {
  const q = new URLSearchParams();
  if (filter.scheme) q.set("scheme", filter.scheme);
  if (filter.status) q.set("status", filter.status);
  if (filter.track) q.set("track", filter.track);
  if (filter.area) q.set("area", filter.area);
  if (filter.sort !== "newest") q.set("sort", filter.sort);
  if (page && page > 1) q.set("page", String(page));
  return q.toString();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const filter = parseProjectFilter(new URL(request.url).searchParams);
  const [{ rows, total }, schemes] = await Promise.all([listProjects(filter), listSchemesWithProjects()]);
  const roles = user ? await listActiveRoles(user.id) : [];
  const pages = Math.max(1, Math.ceil(total / projectsPageSize));
  return {
    title: `${t("projects:list.title")} · ${t("common:appName")}`,
    filter,
    schemes,
    total,
    page: filter.page,
    pages,
    prev: filter.page > 1 ? filterQuery(filter, filter.page - 1) : null,
    next: filter.page < pages ? filterQuery(filter, filter.page + 1) : null,
    csv: (await canExportProjects(roles)) ? filterQuery(filter) : null,
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      schemeId: r.schemeId,
      schemeTitle: r.schemeTitle,
      community: localizedName(r.community, locale),
      status: r.status,
      track: r.track,
      progress: r.progressPercent,
      cost: formatMoney(r.costMinor, locale),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function ProjectsList() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const { filter } = data;
  return (
    <>
      <h1>{t("projects:list.title")}</h1>
      <p className="lead">{t("projects:list.lead")}</p>
      <Form method="get" className="filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading">{t("projects:list.filtersHeading")}</h2>
        <div className="filter-fields">
          <div className="field">
            <label htmlFor="filter-scheme">{t("projects:list.scheme")}</label>
            <select id="filter-scheme" name="scheme" defaultValue={filter.scheme ?? ""}>
              <option value="">{t("projects:list.any")}</option>
              {data.schemes.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("projects:list.status")}</label>
            <select id="filter-status" name="status" defaultValue={filter.status ?? ""}>
              <option value="">{t("projects:list.any")}</option>
              {projectStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`projects:status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-track">{t("projects:list.track")}</label>
            <select id="filter-track" name="track" defaultValue={filter.track ?? ""}>
              <option value="">{t("projects:list.any")}</option>
              {projectTracks.map((s) => (
                <option key={s} value={s}>
                  {t(`projects:track.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-area">{t("projects:list.area")}</label>
            <input
              id="filter-area"
              name="area"
              type="search"
              defaultValue={filter.area ?? ""}
              maxLength={50}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-sort">{t("projects:list.sort")}</label>
            <select id="filter-sort" name="sort" defaultValue={filter.sort}>
              {projectSorts.map((s) => (
                <option key={s} value={s}>
                  {t(`projects:sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="primary">
            {t("projects:list.apply")}
          </button>{" "}
          <Link to="/projects">{t("projects:list.reset")}</Link>
        </div>
      </Form>

      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{t("projects:list.resultsHeading", { count: data.total })}</h2>
        {data.csv !== null ? (
          <p className="downloads">
            <a href={`/projects.csv${data.csv ? `?${data.csv}` : ""}`} download>
              {t("projects:list.csv")}
            </a>
          </p>
        ) : null}
        {data.rows.length === 0 ? (
          <p>{t("projects:list.empty")}</p>
        ) : (
          <TableRegion labelledBy="results-heading">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("projects:list.project")}</th>
                  <th scope="col">{t("projects:list.community")}</th>
                  <th scope="col">{t("projects:list.status")}</th>
                  <th scope="col">{t("projects:list.progress")}</th>
                  <th scope="col">{t("projects:list.cost")}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/projects/${r.id}`}>{r.title}</Link>
                      <br />
                      <Link to={`/schemes/${r.schemeId}`} className="muted">
                        {r.schemeTitle}
                      </Link>
                    </td>
                    <td>{r.community}</td>
                    <td>
                      {t(`projects:status.${r.status}`)}
                      <br />
                      <span className={`badge track-${r.track}`}>{t(`projects:track.${r.track}`)}</span>
                    </td>
                    <td>{t("projects:percent", { percent: r.progress })}</td>
                    <td>{r.cost}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        {data.pages > 1 ? (
          <nav className="pager" aria-label={t("projects:list.pagerLabel")}>
            {data.prev !== null ? (
              <Link to={`/projects${data.prev ? `?${data.prev}` : ""}`} rel="prev">
                {t("projects:list.prev")}
              </Link>
            ) : null}
            <span>{t("projects:list.pageOf", { page: data.page, pages: data.pages })}</span>
            {data.next !== null ? (
              <Link to={`/projects?${data.next}`} rel="next">
                {t("projects:list.next")}
              </Link>
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
