import { and, eq, gt, isNull, ne } from "drizzle-orm";
import { residencyInvites, residencyRequests } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import { releaseRateLimits, reserveRateLimits, type RateLimitRule } from "~/lib/rate-limit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { grantResidence } from "./decide-residency.server";
import { inviteCodeHash } from "./issue-residency-invite.server";
import { rateLimitedError } from "./rate-limits.server";
import { normalizeInviteCode } from "./residency-schemas";

/**
 * Failed redemptions per person: enough for typos, far too few to guess a 40-bit code. Only failures
 * count (a success gives its slot back).
 */
export const inviteFailuresPerUserHour: RateLimitRule = {
  name: "invite-user-1h",
  limit: 10,
  windowSeconds: 60 * 60,
};
/** Generous per address, as for logins: many residents share one carrier NAT address. */
export const inviteFailuresPerIp: RateLimitRule = {
  name: "invite-ip-1h",
  limit: 100,
  windowSeconds: 60 * 60,
};

/** Unknown, used, expired or one's own code: one answer, so the form reveals nothing about codes. */
export const inviteRefused = "residency:errors.inviteInvalid";

export interface RedeemResidencyInviteInput {
  actor: { id: string; pseudonymSeed: string | null };
  code: string;
  ip?: string | null;
  now?: Date;
}

/**
 * A resident types the code they were handed and becomes a verified resident at once. Single use is
 * atomic: the UPDATE … WHERE redeemed_at IS NULL AND expires_at > now RETURNING lets exactly one of two
 * simultaneous redemptions through. Any pending request of theirs is settled as cancelled: it is moot.
 */
export async function redeemResidencyInvite({
  actor,
  code,
  ip = null,
  now = new Date(),
}: RedeemResidencyInviteInput) {
  const checks = [{ rule: inviteFailuresPerUserHour, subject: `user:${actor.id}` }];
  if (ip) checks.push({ rule: inviteFailuresPerIp, subject: ip });
  const outcome = await reserveRateLimits(checks, now);
  if (!outcome.allowed) throw rateLimitedError(outcome.retryAfterSeconds);

  const normalized = normalizeInviteCode(code);
  if (!normalized) throw new DomainError(inviteRefused, 422);
  const codeHash = await inviteCodeHash(normalized);
  let result;
  try {
    result = await db.transaction(async (tx) => {
      const [invite] = await tx
        .update(residencyInvites)
        .set({ redeemedBy: actor.id, redeemedAt: now })
        .where(
          and(
            eq(residencyInvites.codeHash, codeHash),
            isNull(residencyInvites.redeemedAt),
            gt(residencyInvites.expiresAt, now),
            // Nobody verifies themselves, whatever role they hold.
            ne(residencyInvites.issuedBy, actor.id),
          ),
        )
        .returning({
          id: residencyInvites.id,
          communityId: residencyInvites.communityId,
          gridId: residencyInvites.gridId,
          issuedBy: residencyInvites.issuedBy,
        });
      if (!invite) throw new DomainError(inviteRefused, 422);
      const { assignmentId } = await grantResidence(tx, {
        userId: actor.id,
        communityId: invite.communityId,
        gridId: invite.gridId,
        grantedBy: invite.issuedBy,
        now,
      });
      await tx
        .update(residencyRequests)
        .set({ status: "cancelled", decidedAt: now })
        .where(and(eq(residencyRequests.userId, actor.id), eq(residencyRequests.status, "pending")));
      await recordParticipation(tx, {
        kind: "residency.verified",
        actor,
        areaId: invite.gridId ?? invite.communityId,
        subjectType: "residency_invite",
        subjectId: invite.id,
        meta: { via: "invite" },
      });
      return { inviteId: invite.id, communityId: invite.communityId, gridId: invite.gridId, assignmentId };
    });
  } catch (error) {
    // Two codes redeemed by one person in the same instant: the second is refused like a used code.
    if (isUniqueViolation(error)) throw new DomainError(inviteRefused, 422);
    throw error;
  }
  await releaseRateLimits(outcome.reservations);
  return result;
}
