import type { LoaderFunctionArgs } from "@remix-run/node";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { getUser } from "~/modules/accounts/auth.server";
import { loadDashboardPage } from "~/modules/metrics/engagement-views.server";
import { buildTables, isDownloadTable, toCsv } from "~/modules/metrics/presentation";

/**
 * `/engagement/<code>.csv?table=summary|components|children|series|comparison&from=&to=…`: one table of
 * the dashboard, computed by the same code as the page, so it withholds exactly what the page withholds
 * (and officials get the exact figures the page shows them).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const t = await fixedT(await resolveLocale(request, user?.locale));
  const table = new URL(request.url).searchParams.get("table") ?? "components";
  if (!isDownloadTable(table)) return text(t("metrics:api.unknownTable"), 400);
  const page = await loadDashboardPage({
    request,
    code: params.code ?? "",
    include: { series: table === "series", compare: table === "comparison" },
  });
  if (page.status === "notFound") return text(t("metrics:api.notFound"), 404);
  if (page.status === "gridForbidden") return text(t("metrics:access.gridBody"), 403);
  if (page.query.periodErrors || page.query.compareErrors) return text(t("metrics:api.invalidPeriod"), 400);
  const data = buildTables(page.view, { generatedActivity: page.generatedActivity }).find(
    (t) => t.name === table,
  )!;
  const { from, to } = page.view.period;
  const signedIn = user !== null;
  return new Response(toCsv(data), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="engagement-${page.view.area.code}-${table}-${from}-${to}.csv"`,
      "Cache-Control": signedIn ? "private, no-store" : "public, max-age=60",
      Vary: "Cookie",
    },
  });
}

function text(body: string, status: number) {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
