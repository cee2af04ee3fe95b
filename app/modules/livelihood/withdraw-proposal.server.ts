import { and, eq } from "drizzle-orm";
import { proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { notifyProposalFollowers } from "./proposal-follow.server";
import { getProposalWithScheme } from "./proposal-queries.server";
import { proposalTransition } from "./proposal-status";
import { recordTimeline } from "~/modules/timeline/timeline.server";

/**
 * The author withdraws a draft or a proposal still collecting supports (not once screening started).
 * Conditional UPDATE … WHERE status = from, so a threshold reached in the same instant wins.
 */
export async function withdrawProposal({
  actor,
  proposalId,
  now = new Date(),
}: {
  actor: { id: string };
  proposalId: string;
  now?: Date;
}) {
  const found = await getProposalWithScheme(proposalId);
  if (!found || (found.proposal.status === "draft" && found.proposal.authorId !== actor.id))
    throw new DomainError("proposals:errors.proposalNotFound", 404);
  const { proposal } = found;
  if (proposal.authorId !== actor.id) throw new DomainError("proposals:errors.notAuthor", 403);
  const transition = proposalTransition(proposal.status, "withdraw", "author");
  if (!transition.ok) throw new DomainError(transition.reason, 409);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(proposals)
      .set({ status: transition.to, updatedAt: now })
      .where(and(eq(proposals.id, proposal.id), eq(proposals.status, transition.from)))
      .returning({ id: proposals.id });
    if (!updated) throw new DomainError("proposals:errors.transitionNotAllowed", 409);
    await recordTimeline(tx, {
      subjectType: "proposal",
      subjectId: proposal.id,
      kind: "proposals:timeline.withdrawn",
      fromStatus: transition.from,
      toStatus: transition.to,
      actorUserId: actor.id,
      at: now,
    });
  });
  if (transition.from !== "draft")
    await notifyProposalFollowers({
      proposalId: proposal.id,
      kind: "proposals:notifications.withdrawn",
      params: { title: proposal.title },
      exceptUserId: actor.id,
    });
  return { status: transition.to };
}
