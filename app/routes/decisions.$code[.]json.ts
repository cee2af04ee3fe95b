import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { loadDecisionsExport } from "~/modules/outcomes/decisions-export.server";

/**
 * `/decisions/<code>.json`: every published outcome of the area and its sub-areas with how each opinion
 * was handled and the follow-up actions. No personal data (no publisher, objector or respondent).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^[0-9A-Za-z-]{1,40}$/.test(code)) throw new Response(null, { status: 404 });
  const area = await getAreaByCode(code);
  if (!area) throw new Response(null, { status: 404 });
  const outcomes = await loadDecisionsExport(area.path);
  return Response.json(
    {
      area: { code: area.code, nameZhCn: area.nameZhCn, nameEn: area.nameEn },
      generatedAt: new Date().toISOString(),
      outcomes,
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}
