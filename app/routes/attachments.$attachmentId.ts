import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/modules/accounts/auth.server";
import { getProposalWithScheme, isUuid } from "~/modules/livelihood/proposal-queries.server";
import { getAttachment } from "~/modules/uploads/attachment-queries.server";
import { isImage } from "~/modules/uploads/file-type";
import { defaultStorage } from "~/modules/uploads/storage.server";

const notFound = () => new Response(null, { status: 404 });

/**
 * An uploaded file, with the type it was checked to be: images inline, PDFs as downloads, never
 * sniffed by the browser. A draft proposal's files are its author's alone (404 for anyone else).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.attachmentId ?? "";
  if (!isUuid(id)) throw notFound();
  const attachment = await getAttachment(id);
  if (!attachment) throw notFound();
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
  const bytes = await defaultStorage().get(attachment.storageKey);
  if (!bytes) throw notFound();
  const disposition = isImage(attachment.mimeType) ? "inline" : "attachment";
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.mimeType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": isPrivate ? "private, no-store" : "public, max-age=3600",
      ETag: `"${attachment.sha256}"`,
    },
  });
}
