import { and, eq } from "drizzle-orm";
import { residencyRequests } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";

/**
 * The resident withdraws their own pending request. The conditional UPDATE makes a cancel that races a
 * decision lose cleanly: whichever commits first wins, the other is told the request is no longer pending.
 */
export async function cancelResidencyRequest({
  actor,
  requestId,
}: {
  actor: { id: string };
  requestId: string;
}) {
  const [cancelled] = await db
    .update(residencyRequests)
    .set({ status: "cancelled", decidedAt: new Date() })
    .where(
      and(
        eq(residencyRequests.id, requestId),
        eq(residencyRequests.userId, actor.id),
        eq(residencyRequests.status, "pending"),
      ),
    )
    .returning({ id: residencyRequests.id });
  if (cancelled) return cancelled;
  const [existing] = await db
    .select({ userId: residencyRequests.userId })
    .from(residencyRequests)
    .where(eq(residencyRequests.id, requestId));
  // Someone else's request is reported as missing: its existence is none of the caller's business.
  if (!existing || existing.userId !== actor.id)
    throw new DomainError("residency:errors.requestNotFound", 404);
  throw new DomainError("residency:errors.notPending", 409);
}
