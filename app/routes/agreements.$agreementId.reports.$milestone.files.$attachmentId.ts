import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { agreementDelivery, findVisibleAgreement } from "~/modules/funding/agreement-queries.server";
import { MilestoneParam } from "~/modules/funding/award-schemas";
import { reportAttachmentSubject } from "~/modules/funding/report-submit.server";
import { getAttachment } from "~/modules/uploads/attachment-queries.server";
import { attachmentResponse } from "~/modules/uploads/attachment-response.server";

const notFound = () => new Response(null, { status: 404 });

/**
 * A delivery report's file: only for the organisation's members and the officials who run the call
 * (the public attachments route serves no report files). Anything else, or a file of another report: 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const milestone = MilestoneParam.safeParse(params.milestone);
  if (!milestone.success) throw notFound();
  const found = await findVisibleAgreement(params.agreementId ?? "", await listActiveRoles(user.id)).catch(
    () => {
      throw notFound();
    },
  );
  const report = (await agreementDelivery(found.agreement.id)).reports.find(
    (r) => r.milestone === milestone.data,
  );
  const attachment = /^[0-9a-f-]{36}$/i.test(params.attachmentId ?? "")
    ? await getAttachment(params.attachmentId!)
    : null;
  if (
    !report ||
    !attachment ||
    attachment.subjectType !== reportAttachmentSubject ||
    attachment.subjectId !== report.id
  )
    throw notFound();
  const response = await attachmentResponse(attachment, { private: true });
  if (!response) throw notFound();
  return response;
}
