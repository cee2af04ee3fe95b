import { and, asc, eq } from "drizzle-orm";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";

export type AttachmentSummary = { id: string; fileName: string; mimeType: string; sizeBytes: number };

export async function listAttachments(subjectType: string, subjectId: string): Promise<AttachmentSummary[]> {
  return db
    .select({
      id: attachments.id,
      fileName: attachments.fileName,
      mimeType: attachments.mimeType,
      sizeBytes: attachments.sizeBytes,
    })
    .from(attachments)
    .where(and(eq(attachments.subjectType, subjectType), eq(attachments.subjectId, subjectId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

export async function getAttachment(id: string) {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row ?? null;
}
