import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadConsultationPage } from "~/modules/consultations/consultation-page.server";
import { canExport, exportResponses, responsesJson } from "~/modules/consultations/results.server";

/** Anonymised responses as JSON: organisers always, everyone once the consultation has closed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadConsultationPage(request, params.consultationId);
  if (!canExport(page.consultation, page.roles, page.now)) throw new Response(null, { status: 403 });
  const body = responsesJson(page.consultation, await exportResponses(page.consultation));
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="consultation-${page.consultation.id}-responses.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
