import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSchemeForProposals } from "~/modules/livelihood/proposal-queries.server";
import { SimilarQuerySchema } from "~/modules/livelihood/proposal-schemas";
import { similarInScheme } from "~/modules/livelihood/proposal-form-data.server";

/** GET /schemes/:id/similar?q=…&exclude=… → { similar: [{ id, title }] }: the proposal form's live check. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const scheme = params.schemeId ? await getSchemeForProposals(params.schemeId) : null;
  if (!scheme || scheme.status === "draft") throw new Response(null, { status: 404 });
  const url = new URL(request.url);
  const parsed = SimilarQuerySchema.safeParse({ q: url.searchParams.get("q") ?? "" });
  if (!parsed.success) return Response.json({ similar: [] }, { status: 400 });
  const exclude = url.searchParams.get("exclude") ?? undefined;
  const similar = parsed.data.q ? await similarInScheme(scheme.id, { title: parsed.data.q }, exclude) : [];
  return Response.json({ similar }, { headers: { "Cache-Control": "no-store" } });
}
