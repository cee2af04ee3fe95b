/**
 * What an uploaded file really is, judged by its first bytes (never by its name or the browser's
 * Content-Type, which the sender controls). Pure and client-safe.
 */
export const allowedMimeTypes = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type AllowedMimeType = (typeof allowedMimeTypes)[number];

export const maxUploadBytes = 5 * 1024 * 1024;
export const maxUploadFiles = 6;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffMimeType(bytes: Uint8Array): AllowedMimeType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  return null;
}

export function isImage(mimeType: string): boolean {
  return mimeType.startsWith("image/");
}

/** A file name safe to show and to put in a Content-Disposition header: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const controlOrQuote = /[\u0000-\u001f\u007f"]/g;
  const cleaned = base.normalize("NFC").replace(controlOrQuote, "").trim().slice(0, 120);
  return cleaned || "file";
}
