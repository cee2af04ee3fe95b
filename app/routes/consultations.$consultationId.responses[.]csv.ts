import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadConsultationPage } from "~/modules/consultations/consultation-page.server";
import { canExport, exportResponses, responsesCsv } from "~/modules/consultations/results.server";

/** Anonymised responses as CSV: organisers always, everyone once the consultation has closed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadConsultationPage(request, params.consultationId);
  if (!canExport(page.consultation, page.roles, page.now)) throw new Response(null, { status: 403 });
  const t = page.t;
  const csv = responsesCsv(await exportResponses(page.consultation), {
    respondent: t("consultations:export.respondent"),
    channel: t("consultations:export.channel"),
    channelName: (c) => (c === "web" ? t("consultations:export.web") : t("consultations:export.assisted")),
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consultation-${page.consultation.id}-responses.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
