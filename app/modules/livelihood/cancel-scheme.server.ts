import { and, eq, inArray, isNull } from "drizzle-orm";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageScheme } from "./permissions";
import { getScheme } from "./scheme-queries.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface CancelSchemeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Cancels a draft or published scheme with a public reason. Once the notice has closed and projects
 * are in delivery it can no longer be cancelled (the projects are answered for one by one).
 */
export async function cancelScheme({
  actor,
  actorRoles,
  schemeId,
  reason,
  meta,
  now = new Date(),
}: CancelSchemeInput) {
  const found = await getScheme(schemeId);
  if (!found) throw new DomainError("schemes:errors.schemeNotFound", 404);
  const permission = canManageScheme(actorRoles, found.area.path);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError("schemes:errors.cancelReasonRequired", 422);
  const { scheme } = found;
  if (scheme.status === "cancelled") throw new DomainError("schemes:errors.alreadyCancelled", 409);
  if (scheme.confirmedAt) throw new DomainError("schemes:errors.alreadyConfirmed", 409);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(livelihoodSchemes)
      .set({ status: "cancelled", cancelledAt: now, cancelReason: trimmed })
      .where(
        and(
          eq(livelihoodSchemes.id, schemeId),
          inArray(livelihoodSchemes.status, ["draft", "published"]),
          isNull(livelihoodSchemes.confirmedAt),
        ),
      )
      .returning({ id: livelihoodSchemes.id });
    if (!row) throw new DomainError("schemes:errors.alreadyCancelled", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "scheme.cancelled",
      subjectType: "scheme",
      subjectId: schemeId,
      areaId: scheme.areaId,
      before: { status: scheme.status },
      after: { status: "cancelled" },
      reason: trimmed,
      meta,
    });
    // A draft was never public, so only a published scheme's timeline records it.
    if (scheme.status === "published")
      await recordTimeline(tx, {
        subjectType: "scheme",
        subjectId: schemeId,
        kind: "schemes:timeline.cancelled",
        fromStatus: "published",
        toStatus: "cancelled",
        actorUserId: actor.id,
        official: true,
        note: trimmed,
        at: now,
      });
    return { id: schemeId };
  });
}
