import { and, eq, isNull } from "drizzle-orm";
import { residencyRequests, roleAssignments, sessions, users } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { verifyPassword } from "./password.server";
import { forgiveAttempt, reservePasswordAttempt } from "./rate-limits.server";
import { deleteAccountSchema, parseOrRefuse } from "./schemas";

export interface DeleteAccountInput {
  userId: string;
  password: string;
  meta: RequestMeta;
  now?: Date;
}

/** Shown beside the password field when the confirmation password is wrong. */
export const passwordWrong = "accounts:errors.passwordWrong";

/**
 * Erasure (PIPL Art. 47) in one transaction. The row stays so that references (audit entries, decisions)
 * hold, but everything personal is blanked, and the pseudonym seed with it: participation events remain
 * in every count, and nobody (not even us) can tell any more whose they were.
 */
export async function deleteAccount(input: DeleteAccountInput) {
  const now = input.now ?? new Date();
  const { password } = parseOrRefuse(deleteAccountSchema, input);
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, input.userId), isNull(users.deletedAt)));
  if (!user?.passwordHash) throw new Response(null, { status: 404 });
  const reservations = await reservePasswordAttempt({ account: `user:${input.userId}`, ip: input.meta.ip, now });
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError(passwordWrong, 400);
  await forgiveAttempt(reservations);

  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(users)
      .set({
        email: null,
        phone: null,
        displayName: "",
        passwordHash: null,
        pseudonymSeed: null,
        locale: null,
        largeText: false,
        deletedAt: now,
      })
      .where(and(eq(users.id, input.userId), isNull(users.deletedAt)))
      .returning({ id: users.id });
    // A parallel deletion got there first: nothing left to do.
    if (!deleted) return;
    // A pending request would otherwise sit in a committee's queue for a person who is gone.
    await tx
      .update(residencyRequests)
      .set({ status: "cancelled" })
      .where(and(eq(residencyRequests.userId, input.userId), eq(residencyRequests.status, "pending")));
    const requests = await tx
      .update(residencyRequests)
      .set({ message: null })
      .where(eq(residencyRequests.userId, input.userId))
      .returning({ id: residencyRequests.id });
    const revoked = await tx
      .update(roleAssignments)
      .set({ revokedAt: now, revokedBy: input.userId })
      .where(and(eq(roleAssignments.userId, input.userId), isNull(roleAssignments.revokedAt)))
      .returning({ id: roleAssignments.id });
    await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    // Counts only: the audit log must not keep what the person asked us to erase.
    await recordAudit(tx, {
      actorUserId: input.userId,
      action: "account.deleted",
      subjectType: "user",
      subjectId: input.userId,
      before: { activeRoles: revoked.length, residencyRequests: requests.length },
      after: { deleted: true },
      meta: input.meta,
    });
  });
}
