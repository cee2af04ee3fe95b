import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { decisionsPageSize, listDecisions } from "~/modules/outcomes/outcome-queries.server";

/** "What was decided here": published outcomes of an area and every area inside it, newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^[0-9A-Za-z-]{1,40}$/.test(code)) throw new Response(null, { status: 404 });
  const area = await getAreaByCode(code);
  if (!area) throw new Response(null, { status: 404 });
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const pageParam = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  const { total, rows } = await listDecisions(area.path, page);
  const pages = Math.max(1, Math.ceil(total / decisionsPageSize));
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  const now = new Date();
  return {
    title: `${t("meetings:decisions.title", { area: localizedName(area, locale) })} · ${t("common:appName")}`,
    area: { code: area.code, name: localizedName(area, locale) },
    total,
    page: Math.min(page, pages),
    pages,
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary.length > 200 ? `${r.summary.slice(0, 200)}…` : r.summary,
      area: localizedName(r.area, locale),
      publishedAt: format.format(r.publishedAt),
      publishedIso: r.publishedAt.toISOString(),
      noticeOpen: now < r.noticeEndsAt,
      actionsTotal: r.actionsTotal,
      actionsDone: r.actionsDone,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Decisions() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("meetings:decisions.title", { area: data.area.name })}</h1>
      <p className="lead">{t("meetings:decisions.lead")}</p>
      <p>
        <Link to={`/areas/${data.area.code}`}>
          {t("meetings:decisions.areaLink", { area: data.area.name })}
        </Link>{" "}
        ·{" "}
        <a href={`/decisions/${data.area.code}.csv`} download>
          {t("meetings:decisions.csv")}
        </a>{" "}
        · <a href={`/decisions/${data.area.code}.json`}>{t("meetings:decisions.json")}</a>
      </p>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t("meetings:decisions.count", { count: data.total })}</h2>
        {data.rows.length === 0 ? <p>{t("meetings:decisions.empty")}</p> : null}
        <ul className="card-list">
          {data.rows.map((r) => (
            <li key={r.id}>
              <h3>
                <Link to={`/outcomes/${r.id}`}>{r.title}</Link>
              </h3>
              <p className="hint">
                {r.area} · <time dateTime={r.publishedIso}>{r.publishedAt}</time>
                {r.noticeOpen ? ` · ${t("meetings:decisions.noticeOpen")}` : null}
              </p>
              <p>{r.summary}</p>
              {r.actionsTotal > 0 ? (
                <p>{t("meetings:decisions.actions", { done: r.actionsDone, total: r.actionsTotal })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {data.pages > 1 ? (
        <nav aria-label={t("meetings:decisions.paging")}>
          <p>{t("meetings:decisions.pageOf", { page: data.page, pages: data.pages })}</p>
          <div className="button-row">
            {data.page > 1 ? (
              <Link to={`?page=${data.page - 1}`} rel="prev">
                {t("meetings:decisions.previous")}
              </Link>
            ) : null}{" "}
            {data.page < data.pages ? (
              <Link to={`?page=${data.page + 1}`} rel="next">
                {t("meetings:decisions.next")}
              </Link>
            ) : null}
          </div>
          <Form method="get" className="button-row">
            <label htmlFor="page-input">{t("meetings:decisions.goTo")}</label>
            <input
              id="page-input"
              name="page"
              type="number"
              min={1}
              max={data.pages}
              defaultValue={data.page}
              inputMode="numeric"
            />
            <button type="submit" className="secondary">
              {t("meetings:decisions.go")}
            </button>
          </Form>
        </nav>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
