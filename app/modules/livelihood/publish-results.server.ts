import { and, eq, isNull } from "drizzle-orm";
import { livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageScheme } from "./permissions";
import { proposalTransition, type ProposalStatus } from "./proposal-status";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { getVotingScheme, isUuid, listBallotProposals } from "./ballot-queries.server";
import { countScheme, storedCount } from "./count-scheme.server";

const DAY = 24 * 60 * 60 * 1000;

export interface PublishResultsInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * An official publishes the count and opens the public notice (公示): once. The scheme's
 * resultsPublishedAt is set with a conditional UPDATE … WHERE results_published_at IS NULL, so of two
 * officials pressing at once exactly one publishes; every eligible proposal becomes selected or not
 * selected in the same transaction, with its timeline entry. Followers are told after the commit.
 */
export async function publishResults({
  actor,
  actorRoles,
  schemeId,
  meta,
  now = new Date(),
}: PublishResultsInput) {
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status !== "published") throw new DomainError("voting:errors.schemeNotFound", 404);
  const permission = canManageScheme(actorRoles, scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (scheme.resultsPublishedAt) throw new DomainError("voting:errors.alreadyPublished", 409);
  // Refuses before the close; the count that is published is taken again inside the transaction.
  await countScheme(scheme.id, now);
  const noticeEndsAt = new Date(now.getTime() + scheme.noticeDays * DAY);

  const { moved: changed, winners: selectedCount } = await db.transaction(async (tx) => {
    const [published] = await tx
      .update(livelihoodSchemes)
      .set({ resultsPublishedAt: now, noticeEndsAt })
      .where(
        and(
          eq(livelihoodSchemes.id, scheme.id),
          eq(livelihoodSchemes.status, "published"),
          isNull(livelihoodSchemes.resultsPublishedAt),
        ),
      )
      .returning({ id: livelihoodSchemes.id });
    if (!published) throw new DomainError("voting:errors.alreadyPublished", 409);
    // The scheme row is locked now: no paper ballot or council record can slip in after this count.
    const { result, ballotCount } = await storedCount(tx, scheme, now);
    const winners = new Set(result.winners);

    const moved: Array<{ id: string; to: ProposalStatus }> = [];
    for (const p of await listBallotProposals(scheme.id, tx)) {
      if (p.status !== "eligible") continue;
      const transition = proposalTransition(p.status, winners.has(p.id) ? "select" : "notSelect", "official");
      if (!transition.ok) continue;
      const [row] = await tx
        .update(proposals)
        .set({ status: transition.to, updatedAt: now })
        .where(and(eq(proposals.id, p.id), eq(proposals.status, "eligible")))
        .returning({ id: proposals.id });
      if (!row) continue;
      moved.push({ id: p.id, to: transition.to });
      await recordTimeline(tx, {
        subjectType: "proposal",
        subjectId: p.id,
        kind: transition.to === "selected" ? "voting:timeline.selected" : "voting:timeline.notSelected",
        fromStatus: "eligible",
        toStatus: transition.to,
        actorUserId: actor.id,
        official: true,
        params: { votes: result.rows.find((r) => r.proposalId === p.id)?.votes ?? 0 },
        at: now,
      });
    }
    await recordTimeline(tx, {
      subjectType: "scheme",
      subjectId: scheme.id,
      kind: "voting:timeline.published",
      actorUserId: actor.id,
      official: true,
      params: { ballots: ballotCount, selected: result.winners.length },
      at: now,
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "results.published",
      subjectType: "scheme",
      subjectId: scheme.id,
      areaId: scheme.areaId,
      before: { resultsPublishedAt: null },
      after: {
        resultsPublishedAt: now.toISOString(),
        noticeEndsAt: noticeEndsAt.toISOString(),
        rule: result.rule,
        ballotCount,
        winners: result.winners,
      },
      meta,
    });
    await recordParticipation(tx, {
      kind: "notice.published",
      actor,
      areaId: scheme.areaId,
      subjectType: "scheme",
      subjectId: scheme.id,
      meta: { ballots: ballotCount, selected: result.winners.length },
    });
    return { moved, winners: result.winners.length };
  });

  // After the commit: a notification never announces something that was rolled back.
  const href = `/schemes/${scheme.id}/results`;
  await notifyFollowers({
    subjectType: "scheme",
    subjectId: scheme.id,
    kind: "voting:notifications.resultsPublished",
    href,
    params: { title: scheme.title },
    exceptUserId: actor.id,
  });
  for (const p of changed) {
    await notifyFollowers({
      subjectType: "proposal",
      subjectId: p.id,
      kind: p.to === "selected" ? "voting:notifications.selected" : "voting:notifications.notSelected",
      href,
      params: { title: scheme.title },
      exceptUserId: actor.id,
    });
  }
  return { noticeEndsAt, selected: selectedCount, moved: changed.length };
}
