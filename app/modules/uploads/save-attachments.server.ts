import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client";
import { attachments } from "~db/schema/uploads";
import { DomainError } from "~/lib/errors";
import {
  cleanFileName,
  maxUploadBytes,
  maxUploadFiles,
  sniffMimeType,
  type AllowedMimeType,
} from "./file-type";
import type { UploadStorage } from "./storage.server";

export type PreparedUpload = {
  fileName: string;
  mimeType: AllowedMimeType;
  bytes: Uint8Array;
  sizeBytes: number;
  sha256: string;
};

/** A file input left empty still posts a nameless, empty part; those are not uploads. */
export function chosenFiles(values: readonly FormDataEntryValue[]): File[] {
  return values.filter(
    (v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && !(v.size === 0 && !v.name),
  );
}

/**
 * Checks every file before anything is stored: at most `maxUploadFiles` in all (with `alreadyAttached`),
 * each ≤ 5 MB, and each really a JPEG, PNG, WebP or PDF by its first bytes. Refusals name the file.
 */
export async function prepareUploads(files: readonly File[], alreadyAttached = 0): Promise<PreparedUpload[]> {
  if (files.length + alreadyAttached > maxUploadFiles)
    throw new DomainError("proposals:errors.tooManyFiles", 422, { max: maxUploadFiles });
  const prepared: PreparedUpload[] = [];
  for (const file of files) {
    const fileName = cleanFileName(file.name);
    if (file.size > maxUploadBytes)
      throw new DomainError("proposals:errors.fileTooLarge", 422, {
        name: fileName,
        max: maxUploadBytes / 1024 / 1024,
      });
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length > maxUploadBytes)
      throw new DomainError("proposals:errors.fileTooLarge", 422, {
        name: fileName,
        max: maxUploadBytes / 1024 / 1024,
      });
    if (bytes.length === 0) throw new DomainError("proposals:errors.fileType", 422, { name: fileName });
    const mimeType = sniffMimeType(bytes);
    if (!mimeType) throw new DomainError("proposals:errors.fileType", 422, { name: fileName });
    prepared.push({
      fileName,
      mimeType,
      bytes,
      sizeBytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  return prepared;
}

export type StoredUpload = PreparedUpload & { storageKey: string };

/** Writes the bytes under fresh random keys (before the transaction; `discardUploads` undoes it). */
export async function writeUploads(
  storage: UploadStorage,
  prepared: readonly PreparedUpload[],
): Promise<StoredUpload[]> {
  const stored: StoredUpload[] = [];
  try {
    for (const upload of prepared) {
      const id = randomUUID();
      const storageKey = `${id.slice(0, 2)}/${id}`;
      await storage.put(storageKey, upload.bytes);
      stored.push({ ...upload, storageKey });
    }
  } catch (error) {
    await discardUploads(storage, stored);
    throw error;
  }
  return stored;
}

export async function discardUploads(storage: UploadStorage, stored: readonly { storageKey: string }[]) {
  await Promise.all(stored.map((s) => storage.remove(s.storageKey).catch(() => undefined)));
}

/** The attachment rows, inside the caller's transaction. */
export async function insertAttachments(
  tx: Tx,
  subject: { subjectType: string; subjectId: string; uploadedBy: string },
  stored: readonly StoredUpload[],
) {
  if (stored.length === 0) return [];
  return tx
    .insert(attachments)
    .values(
      stored.map((s) => ({
        subjectType: subject.subjectType,
        subjectId: subject.subjectId,
        storageKey: s.storageKey,
        fileName: s.fileName,
        mimeType: s.mimeType,
        sizeBytes: s.sizeBytes,
        sha256: s.sha256,
        uploadedBy: subject.uploadedBy,
      })),
    )
    .returning({ id: attachments.id });
}

/** Deletes the given attachments of one subject (ids of other subjects are ignored); returns their keys. */
export async function deleteAttachments(
  tx: Tx,
  subject: { subjectType: string; subjectId: string },
  ids: readonly string[],
): Promise<{ storageKey: string }[]> {
  if (ids.length === 0) return [];
  return tx
    .delete(attachments)
    .where(
      and(
        eq(attachments.subjectType, subject.subjectType),
        eq(attachments.subjectId, subject.subjectId),
        inArray(attachments.id, [...ids]),
      ),
    )
    .returning({ storageKey: attachments.storageKey });
}
