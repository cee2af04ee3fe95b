import { and, count, eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { proposalCoproposers, proposals, proposalSupports } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { canParticipate } from "./permissions";
import { followProposal, notifyProposalFollowers } from "./proposal-follow.server";
import { getProposalWithScheme } from "./proposal-queries.server";
import { proposalTransition } from "./proposal-status";
import { recordTimeline } from "~/modules/timeline/timeline.server";

type Actor = { id: string; pseudonymSeed: string | null };

/** Whether a collecting proposal can still be supported at `now` (the deadline itself is too late). */
export function supportWindowOpen(p: { status: string; supportDeadline: Date | null }, now: Date): boolean {
  return p.status === "collecting" && !!p.supportDeadline && now.getTime() < p.supportDeadline.getTime();
}

async function lockProposal(tx: Tx, proposalId: string) {
  const [row] = await tx
    .select({ status: proposals.status, supportDeadline: proposals.supportDeadline })
    .from(proposals)
    .where(eq(proposals.id, proposalId))
    .for("update");
  return row!;
}

async function loadForSupport(proposalId: string, actor: Actor, actorRoles: readonly ScopedRole[]) {
  const found = await getProposalWithScheme(proposalId);
  if (!found || found.proposal.status === "draft")
    throw new DomainError("proposals:errors.proposalNotFound", 404);
  const permission = canParticipate(actorRoles, found.scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  return found;
}

/**
 * A verified resident of the scheme's area supports someone else's proposal while it collects and
 * before its deadline. One support each (the primary key; a double click is "already supported", not an
 * error). The count is taken under the proposal's row lock, so the threshold is crossed exactly once:
 * the proposal moves to screening and its followers hear of it after the commit.
 */
export async function supportProposal({
  actor,
  actorRoles,
  proposalId,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  proposalId: string;
  now?: Date;
}) {
  const { proposal, scheme } = await loadForSupport(proposalId, actor, actorRoles);
  if (proposal.authorId === actor.id) throw new DomainError("proposals:errors.ownProposal", 403);
  if (!supportWindowOpen(proposal, now)) throw new DomainError("proposals:errors.supportClosed", 409);

  const result = await db.transaction(async (tx) => {
    const locked = await lockProposal(tx, proposal.id);
    if (!supportWindowOpen(locked, now)) throw new DomainError("proposals:errors.supportClosed", 409);
    const [co] = await tx
      .select({ userId: proposalCoproposers.userId })
      .from(proposalCoproposers)
      .where(and(eq(proposalCoproposers.proposalId, proposal.id), eq(proposalCoproposers.userId, actor.id)));
    if (co) throw new DomainError("proposals:errors.ownProposal", 403);
    const inserted = await tx
      .insert(proposalSupports)
      .values({ proposalId: proposal.id, userId: actor.id, createdAt: now })
      .onConflictDoNothing()
      .returning({ userId: proposalSupports.userId });
    if (inserted.length === 0) return { supported: false, thresholdReached: false };
    await recordParticipation(tx, {
      kind: "proposal.supported",
      actor,
      areaId: proposal.gridId ?? proposal.communityId,
      subjectType: "proposal",
      subjectId: proposal.id,
    });
    await followProposal(tx, actor.id, proposal.id);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(proposalSupports)
      .where(eq(proposalSupports.proposalId, proposal.id));
    if (n < scheme.supportThreshold) return { supported: true, thresholdReached: false };
    const transition = proposalTransition(locked.status, "reachThreshold", "system");
    if (!transition.ok) return { supported: true, thresholdReached: false };
    const [moved] = await tx
      .update(proposals)
      .set({ status: transition.to, updatedAt: now })
      .where(and(eq(proposals.id, proposal.id), eq(proposals.status, transition.from)))
      .returning({ id: proposals.id });
    if (!moved) return { supported: true, thresholdReached: false };
    await recordTimeline(tx, {
      subjectType: "proposal",
      subjectId: proposal.id,
      kind: "proposals:timeline.thresholdReached",
      fromStatus: transition.from,
      toStatus: transition.to,
      params: { count: n },
      at: now,
    });
    return { supported: true, thresholdReached: true };
  });
  if (result.thresholdReached)
    await notifyProposalFollowers({
      proposalId: proposal.id,
      kind: "proposals:notifications.thresholdReached",
      params: { title: proposal.title },
    });
  return {
    status: result.supported ? ("supported" as const) : ("alreadySupported" as const),
    thresholdReached: result.thresholdReached,
  };
}

/** Taking a support back, while the proposal still collects and before its deadline. */
export async function retractSupport({
  actor,
  actorRoles,
  proposalId,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  proposalId: string;
  now?: Date;
}) {
  const { proposal } = await loadForSupport(proposalId, actor, actorRoles);
  if (!supportWindowOpen(proposal, now)) throw new DomainError("proposals:errors.supportClosed", 409);
  return db.transaction(async (tx) => {
    const locked = await lockProposal(tx, proposal.id);
    if (!supportWindowOpen(locked, now)) throw new DomainError("proposals:errors.supportClosed", 409);
    const deleted = await tx
      .delete(proposalSupports)
      .where(and(eq(proposalSupports.proposalId, proposal.id), eq(proposalSupports.userId, actor.id)))
      .returning({ userId: proposalSupports.userId });
    if (deleted.length === 0) return { status: "notSupporting" as const };
    await recordParticipation(tx, {
      kind: "proposal.support_withdrawn",
      actor,
      areaId: proposal.gridId ?? proposal.communityId,
      subjectType: "proposal",
      subjectId: proposal.id,
    });
    return { status: "retracted" as const };
  });
}
