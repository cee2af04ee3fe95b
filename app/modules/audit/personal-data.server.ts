import { asc, eq } from "drizzle-orm";
import { auditEntries } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The privileged acts the person is recorded as doing (the audit log keeps their IP address and browser
 * for each), for "Download my data". The before/after snapshots and reasons are left out: they describe
 * the subject acted on, which is often another person's request, proposal or organisation.
 */
export async function personalData(userId: string) {
  const acts = await db
    .select({
      occurredAt: auditEntries.occurredAt,
      action: auditEntries.action,
      subjectType: auditEntries.subjectType,
      subjectId: auditEntries.subjectId,
      ip: auditEntries.ip,
      userAgent: auditEntries.userAgent,
    })
    .from(auditEntries)
    .where(eq(auditEntries.actorUserId, userId))
    .orderBy(asc(auditEntries.occurredAt), asc(auditEntries.id));

  return { actsRecorded: acts.map(isoDates) };
}
