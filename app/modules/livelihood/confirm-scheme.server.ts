import { and, eq, isNull, sql } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { livelihoodProjects, livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { follows } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { shanghaiMinute } from "~/modules/notices/objection-schemas";
import { countUnansweredObjections } from "~/modules/notices/objection-queries.server";
import { canManageScheme } from "./permissions";
import { recordTimeline } from "~/modules/timeline/timeline.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ConfirmSchemeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Ends the public notice: allowed once the window has closed (now ≥ noticeEndsAt) and every objection
 * has an answer. In one transaction the scheme is confirmed (conditional UPDATE … WHERE confirmed_at
 * IS NULL, so two managers clicking at once confirm it once) and every selected proposal becomes a
 * project in delivery, in its own community.
 */
export async function confirmScheme({
  actor,
  actorRoles,
  schemeId,
  meta,
  now = new Date(),
}: ConfirmSchemeInput) {
  if (!uuidPattern.test(schemeId)) throw new DomainError("projects:errors.schemeNotFound", 404);
  const [found] = await db
    .select({ scheme: livelihoodSchemes, areaPath: areas.path })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, schemeId));
  if (!found) throw new DomainError("projects:errors.schemeNotFound", 404);
  const { scheme } = found;
  const permission = canManageScheme(actorRoles, found.areaPath);
  if (!permission.allowed) throw new DomainError("projects:errors.notManager", 403);
  if (scheme.confirmedAt) throw new DomainError("projects:errors.alreadyConfirmed", 409);
  if (scheme.status !== "published" || !scheme.resultsPublishedAt || !scheme.noticeEndsAt)
    throw new DomainError("projects:errors.noResultsYet", 409);
  if (now.getTime() < scheme.noticeEndsAt.getTime())
    throw new DomainError("projects:errors.noticeStillOpen", 409, {
      endsAt: shanghaiMinute(scheme.noticeEndsAt),
    });
  const unanswered = await countUnansweredObjections("scheme", schemeId);
  if (unanswered > 0)
    throw new DomainError("projects:errors.unansweredObjections", 409, { count: unanswered });

  try {
    return await db.transaction(async (tx) => {
      const [confirmed] = await tx
        .update(livelihoodSchemes)
        .set({ confirmedAt: now })
        .where(and(eq(livelihoodSchemes.id, schemeId), isNull(livelihoodSchemes.confirmedAt)))
        .returning({ id: livelihoodSchemes.id });
      if (!confirmed) throw new DomainError("projects:errors.alreadyConfirmed", 409);

      const selected = await tx
        .select({ id: proposals.id, communityId: proposals.communityId, title: proposals.title })
        .from(proposals)
        .where(and(eq(proposals.schemeId, schemeId), eq(proposals.status, "selected")));
      const created = selected.length
        ? await tx
            .insert(livelihoodProjects)
            .values(
              selected.map((p) => ({
                proposalId: p.id,
                schemeId,
                areaId: p.communityId,
                status: "implementing" as const,
                track: "not_started" as const,
                createdAt: now,
              })),
            )
            .returning({ id: livelihoodProjects.id, proposalId: livelihoodProjects.proposalId })
        : [];

      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "scheme.confirmed",
        subjectType: "scheme",
        subjectId: schemeId,
        areaId: scheme.areaId,
        before: { confirmedAt: null },
        after: { confirmedAt: now.toISOString(), projects: created.length },
        meta,
      });
      await recordTimeline(tx, {
        subjectType: "scheme",
        subjectId: schemeId,
        kind: "projects:timeline.schemeConfirmed",
        actorUserId: actor.id,
        official: true,
        params: { count: created.length },
        at: now,
      });
      for (const project of created) {
        // Whoever followed the proposal (its authors and supporters) now follows its delivery.
        await tx.insert(follows).select(
          tx
            .select({
              userId: follows.userId,
              subjectType: sql<string>`'project'::text`.as("subject_type"),
              subjectId: sql<string>`${project.id}::uuid`.as("subject_id"),
              createdAt: sql<Date>`${now.toISOString()}::timestamptz`.as("created_at"),
            })
            .from(follows)
            .where(and(eq(follows.subjectType, "proposal"), eq(follows.subjectId, project.proposalId))),
        );
        await recordTimeline(tx, {
          subjectType: "proposal",
          subjectId: project.proposalId,
          kind: "projects:timeline.proposalConfirmed",
          actorUserId: actor.id,
          official: true,
          at: now,
        });
        await recordTimeline(tx, {
          subjectType: "project",
          subjectId: project.id,
          kind: "projects:timeline.projectCreated",
          toStatus: "implementing",
          actorUserId: actor.id,
          official: true,
          at: now,
        });
      }
      return {
        projects: created.map((p) => ({
          ...p,
          title: selected.find((s) => s.id === p.proposalId)?.title ?? "",
        })),
      };
    });
  } catch (error) {
    // A project for one of these proposals already exists: the other confirmation won.
    if (isUniqueViolation(error)) throw new DomainError("projects:errors.alreadyConfirmed", 409);
    throw error;
  }
}
