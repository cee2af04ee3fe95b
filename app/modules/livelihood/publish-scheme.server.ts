import { and, eq } from "drizzle-orm";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageScheme } from "./permissions";
import { getScheme } from "./scheme-queries.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface PublishSchemeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Draft → published: residents see it and, from collection opening, may propose. A scheme whose
 * collection has already closed cannot be published (nobody could have proposed anything).
 */
export async function publishScheme({
  actor,
  actorRoles,
  schemeId,
  meta,
  now = new Date(),
}: PublishSchemeInput) {
  const found = await getScheme(schemeId);
  if (!found) throw new DomainError("schemes:errors.schemeNotFound", 404);
  const permission = canManageScheme(actorRoles, found.area.path);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const { scheme } = found;
  if (scheme.status !== "draft") throw new DomainError("schemes:errors.notDraft", 409);
  if (scheme.collectionClosesAt.getTime() <= now.getTime())
    throw new DomainError("schemes:errors.timelinePassed", 422);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(livelihoodSchemes)
      .set({ status: "published", publishedAt: now })
      .where(and(eq(livelihoodSchemes.id, schemeId), eq(livelihoodSchemes.status, "draft")))
      .returning({ id: livelihoodSchemes.id });
    if (!row) throw new DomainError("schemes:errors.notDraft", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "scheme.published",
      subjectType: "scheme",
      subjectId: schemeId,
      areaId: scheme.areaId,
      before: { status: "draft" },
      after: { status: "published", publishedAt: now.toISOString() },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "scheme",
      subjectId: schemeId,
      kind: "schemes:timeline.published",
      fromStatus: "draft",
      toStatus: "published",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
    return { id: schemeId };
  });
}
