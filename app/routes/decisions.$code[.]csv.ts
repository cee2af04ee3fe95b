import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { decisionsCsv, loadDecisionsExport, shanghaiToday } from "~/modules/outcomes/decisions-export.server";

/** `/decisions/<code>.csv`: one line per published outcome of the area and its sub-areas; no personal data. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^[0-9A-Za-z-]{1,40}$/.test(code)) throw new Response(null, { status: 404 });
  const area = await getAreaByCode(code);
  if (!area) throw new Response(null, { status: 404 });
  const rows = await loadDecisionsExport(area.path);
  const today = shanghaiToday();
  return new Response(decisionsCsv(rows, today), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="decisions-${area.code}-${today}.csv"`,
      "Cache-Control": "public, max-age=60",
    },
  });
}
