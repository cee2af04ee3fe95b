import { isImage } from "./file-type";
import { defaultStorage } from "./storage.server";

type Served = { storageKey: string; mimeType: string; fileName: string; sha256: string };

/**
 * An uploaded file as an HTTP response, with the type it was checked to be: images inline, anything
 * else as a download, never sniffed or run by the browser. Private files are never cached on the way.
 * Null when the bytes are gone (the caller answers 404).
 */
export async function attachmentResponse(attachment: Served, options: { private: boolean }) {
  const bytes = await defaultStorage().get(attachment.storageKey);
  if (!bytes) return null;
  const disposition = isImage(attachment.mimeType) ? "inline" : "attachment";
  return new Response(bytes, {
    headers: {
      "Content-Type": attachment.mimeType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": options.private ? "private, no-store" : "public, max-age=3600",
      ETag: `"${attachment.sha256}"`,
    },
  });
}
