import type { LoaderFunctionArgs } from "@remix-run/node";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { getUser } from "~/modules/accounts/auth.server";
import { loadDashboardPage } from "~/modules/metrics/engagement-views.server";
import { buildTables, isDownloadTable, toJsonRows } from "~/modules/metrics/presentation";

/**
 * `/engagement/<code>.json[?table=…]`: every table of the dashboard (or one), as JSON, computed by the
 * same code as the page and withholding exactly what it withholds.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const t = await fixedT(await resolveLocale(request, user?.locale));
  const table = new URL(request.url).searchParams.get("table");
  if (table !== null && !isDownloadTable(table))
    return error(400, "unknown_table", t("metrics:api.unknownTable"));
  const page = await loadDashboardPage({
    request,
    code: params.code ?? "",
    include: {
      series: table === null || table === "series",
      compare: table === null || table === "comparison",
    },
  });
  if (page.status === "notFound") return error(404, "not_found", t("metrics:api.notFound"));
  if (page.status === "gridForbidden") return error(403, "forbidden", t("metrics:access.gridBody"));
  if (page.query.periodErrors || page.query.compareErrors)
    return error(400, "invalid_period", t("metrics:api.invalidPeriod"));
  const { view } = page;
  const tables = buildTables(view, { generatedActivity: page.generatedActivity }).filter(
    (t) => table === null || t.name === table,
  );
  const body = {
    area: view.area,
    period: { from: view.period.from, to: view.period.to },
    figures: view.exact ? "exact" : "public",
    weightsVersion: view.weightsVersion,
    generatedActivity: page.generatedActivity,
    tables: Object.fromEntries(tables.map((t) => [t.name, toJsonRows(t)])),
  };
  const signedIn = user !== null;
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="engagement-${view.area.code}${table ? `-${table}` : ""}-${view.period.from}-${view.period.to}.json"`,
      "Cache-Control": signedIn ? "private, no-store" : "public, max-age=60",
      Vary: "Cookie",
    },
  });
}

function error(status: number, code: string, message: string) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
