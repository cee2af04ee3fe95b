import { and, eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { canParticipate } from "./permissions";
import { followProposal } from "./proposal-follow.server";
import { getProposalWithScheme, type SchemeForProposals } from "./proposal-queries.server";
import { proposalTransition } from "./proposal-status";
import { schemePhase } from "./scheme-phase";
import { recordTimeline } from "~/modules/timeline/timeline.server";

const DAY = 24 * 60 * 60 * 1000;

/** Refuses unless the person is a verified resident of the scheme's area and the scheme is collecting. */
export function assertCanPropose(scheme: SchemeForProposals, actorRoles: readonly ScopedRole[], now: Date) {
  const permission = canParticipate(actorRoles, scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (schemePhase(scheme, now) !== "collecting") throw new DomainError("proposals:errors.notCollecting", 409);
}

/** End of the support window: the scheme's window from now, but never after collection closes. */
export function supportDeadlineFor(
  scheme: Pick<SchemeForProposals, "supportWindowDays" | "collectionClosesAt">,
  now: Date,
): Date {
  return new Date(
    Math.min(now.getTime() + scheme.supportWindowDays * DAY, scheme.collectionClosesAt.getTime()),
  );
}

/**
 * draft → collecting inside the caller's transaction: a conditional UPDATE (… WHERE status = 'draft'),
 * the submitted and published events, the timeline entry, and the author follows the proposal.
 */
export async function publishInTx(
  tx: Tx,
  {
    proposal,
    scheme,
    actor,
    now,
  }: {
    proposal: {
      id: string;
      status: typeof proposals.$inferSelect.status;
      communityId: number;
      gridId: number | null;
    };
    scheme: SchemeForProposals;
    actor: { id: string; pseudonymSeed: string | null };
    now: Date;
  },
) {
  const transition = proposalTransition(proposal.status, "publish", "author");
  if (!transition.ok) throw new DomainError(transition.reason, 409);
  const supportDeadline = supportDeadlineFor(scheme, now);
  const [updated] = await tx
    .update(proposals)
    .set({ status: transition.to, publishedAt: now, supportDeadline, updatedAt: now })
    .where(and(eq(proposals.id, proposal.id), eq(proposals.status, transition.from)))
    .returning({ id: proposals.id });
  if (!updated) throw new DomainError("proposals:errors.transitionNotAllowed", 409);
  const event = {
    actor,
    areaId: proposal.gridId ?? proposal.communityId,
    subjectType: "proposal",
    subjectId: proposal.id,
  };
  await recordParticipation(tx, { kind: "proposal.submitted", ...event });
  await recordParticipation(tx, { kind: "proposal.published", ...event });
  await recordTimeline(tx, {
    subjectType: "proposal",
    subjectId: proposal.id,
    kind: "proposals:timeline.published",
    fromStatus: transition.from,
    toStatus: transition.to,
    actorUserId: actor.id,
    at: now,
  });
  await followProposal(tx, actor.id, proposal.id);
  return { supportDeadline };
}

/** The author publishes a draft while the scheme is still collecting. */
export async function publishProposal({
  actor,
  actorRoles,
  proposalId,
  now = new Date(),
}: {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  proposalId: string;
  now?: Date;
}) {
  const found = await getProposalWithScheme(proposalId);
  if (!found || (found.proposal.status === "draft" && found.proposal.authorId !== actor.id))
    throw new DomainError("proposals:errors.proposalNotFound", 404);
  if (found.proposal.authorId !== actor.id) throw new DomainError("proposals:errors.notAuthor", 403);
  assertCanPropose(found.scheme, actorRoles, now);
  return db.transaction((tx) =>
    publishInTx(tx, { proposal: found.proposal, scheme: found.scheme, actor, now }),
  );
}
