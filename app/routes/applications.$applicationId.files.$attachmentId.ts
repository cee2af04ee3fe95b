import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  isUuid,
  loadApplicationForOfficial,
  loadApplicationForOrg,
} from "~/modules/funding/application-queries.server";
import { getAttachment } from "~/modules/uploads/attachment-queries.server";
import { attachmentResponse } from "~/modules/uploads/attachment-response.server";

const notFound = () => new Response(null, { status: 404 });

/** An application's file, for the same readers as the application (its organisation, the call's officials). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const applicationId = params.applicationId ?? "";
  const attachmentId = params.attachmentId ?? "";
  if (!isUuid(attachmentId)) throw notFound();
  const app =
    (await loadApplicationForOrg(applicationId, roles)) ??
    (await loadApplicationForOfficial(applicationId, roles));
  if (!app) throw notFound();
  const attachment = await getAttachment(attachmentId);
  if (!attachment || attachment.subjectType !== "funding_application" || attachment.subjectId !== app.id)
    throw notFound();
  const response = await attachmentResponse(attachment, { private: true });
  if (!response) throw notFound();
  return response;
}
