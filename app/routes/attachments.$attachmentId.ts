import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { getCall } from "~/modules/funding/call-queries.server";
import { isCallVisible } from "~/modules/funding/call-phase";
import { canManageCall } from "~/modules/funding/permissions";
import { getProposalWithScheme, isUuid } from "~/modules/livelihood/proposal-queries.server";
import { getAttachment } from "~/modules/uploads/attachment-queries.server";
import { attachmentResponse } from "~/modules/uploads/attachment-response.server";

const notFound = () => new Response(null, { status: 404 });

/**
 * Subjects whose files are public once the subject is. Files of anything else (an NGO's application,
 * a delivery report, a registration certificate) are served only by their feature's own checked route.
 */
const publicSubjects: ReadonlySet<string> = new Set(["proposal", "matter", "project", "funding_call"]);

/**
 * A public subject's uploaded file. A draft proposal's files are its author's alone (404 for anyone
 * else).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.attachmentId ?? "";
  if (!isUuid(id)) throw notFound();
  const attachment = await getAttachment(id);
  if (!attachment || !publicSubjects.has(attachment.subjectType)) throw notFound();
  let isPrivate = false;
  if (attachment.subjectType === "proposal") {
    const found = await getProposalWithScheme(attachment.subjectId);
    if (!found) throw notFound();
    if (found.proposal.status === "draft") {
      const user = await getUser(request);
      if (!user || user.id !== found.proposal.authorId) throw notFound();
      isPrivate = true;
    }
  }
  if (attachment.subjectType === "funding_call") {
    // A call's documents are public once the call is; before that, only its officials see them.
    const found = await getCall(attachment.subjectId);
    if (!found) throw notFound();
    if (!isCallVisible(found.call, new Date())) {
      const user = await getUser(request);
      const roles = user ? await listActiveRoles(user.id) : [];
      if (!canManageCall(roles, found.areaPath).allowed) throw notFound();
      isPrivate = true;
    }
  }
  const response = await attachmentResponse(attachment, { private: isPrivate });
  if (!response) throw notFound();
  return response;
}
