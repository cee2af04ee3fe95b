import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCallResults, grantsJson } from "~/modules/funding/funding-exports.server";

/** The call's confirmed grants in the 360Giving data standard's shape (public). */
export async function loader({ params }: LoaderFunctionArgs) {
  const results = await getCallResults(params.callId ?? "", new Date());
  if (!results) throw new Response(null, { status: 404 });
  return Response.json(grantsJson(results));
}
