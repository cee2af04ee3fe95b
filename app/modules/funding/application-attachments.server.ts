import { and, count, eq } from "drizzle-orm";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";

/** How many files an application already has (the uploads core caps the total). */
export async function countAttachments(applicationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(attachments)
    .where(and(eq(attachments.subjectType, "funding_application"), eq(attachments.subjectId, applicationId)));
  return row?.n ?? 0;
}
