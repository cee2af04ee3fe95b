import { asc, eq } from "drizzle-orm";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/** The files the person uploaded (their description, not the bytes or storage keys), for "Download my data". */
export async function personalData(userId: string) {
  const uploaded = await db
    .select({
      id: attachments.id,
      subjectType: attachments.subjectType,
      subjectId: attachments.subjectId,
      fileName: attachments.fileName,
      mimeType: attachments.mimeType,
      sizeBytes: attachments.sizeBytes,
      sha256: attachments.sha256,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.uploadedBy, userId))
    .orderBy(asc(attachments.createdAt));

  return { uploads: uploaded.map(isoDates) };
}
