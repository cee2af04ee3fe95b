import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  certificateSubject,
  isUuid,
  loadVisibleOrganisation,
} from "~/modules/funding/organisation-queries.server";
import { isDomainError } from "~/lib/errors";
import { getAttachment } from "~/modules/uploads/attachment-queries.server";
import { attachmentResponse } from "~/modules/uploads/attachment-response.server";

const notFound = () => new Response(null, { status: 404 });

/** A registration certificate: for the organisation's members and the officials who verify it only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const organisationId = params.organisationId ?? "";
  const attachmentId = params.attachmentId ?? "";
  if (!isUuid(organisationId) || !isUuid(attachmentId)) throw notFound();
  const { org, viewer } = await loadVisibleOrganisation(organisationId, roles).catch((error: unknown) => {
    if (isDomainError(error)) throw notFound();
    throw error;
  });
  if (!viewer.isMember && !viewer.canVerify) throw notFound();
  const attachment = await getAttachment(attachmentId);
  if (!attachment || attachment.subjectType !== certificateSubject || attachment.subjectId !== org.id)
    throw notFound();
  const response = await attachmentResponse(attachment, { private: true });
  if (!response) throw notFound();
  return response;
}
