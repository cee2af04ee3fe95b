import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCallResults, resultsJson } from "~/modules/funding/funding-exports.server";

/** The call's awards and delivery as JSON (public): aggregated scores only, never a reviewer. */
export async function loader({ params }: LoaderFunctionArgs) {
  const results = await getCallResults(params.callId ?? "", new Date());
  if (!results) throw new Response(null, { status: 404 });
  return Response.json(resultsJson(results));
}
