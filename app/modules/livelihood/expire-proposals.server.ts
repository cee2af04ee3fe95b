import { and, eq, lte } from "drizzle-orm";
import { proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { notifyProposalFollowers } from "./proposal-follow.server";
import { proposalTransition } from "./proposal-status";
import { recordTimeline } from "~/modules/timeline/timeline.server";

/**
 * The periodic sweep: every collecting proposal whose support deadline has passed (deadline ≤ now)
 * becomes expired, with a timeline entry, in one conditional UPDATE (a support that reached the threshold
 * first keeps its proposal in screening). Returns how many expired.
 */
export async function expireProposals(now: Date = new Date()): Promise<number> {
  const transition = proposalTransition("collecting", "expire", "system");
  if (!transition.ok) return 0;
  const expired = await db.transaction(async (tx) => {
    const rows = await tx
      .update(proposals)
      .set({ status: transition.to, updatedAt: now })
      .where(and(eq(proposals.status, transition.from), lte(proposals.supportDeadline, now)))
      .returning({ id: proposals.id, title: proposals.title });
    for (const row of rows)
      await recordTimeline(tx, {
        subjectType: "proposal",
        subjectId: row.id,
        kind: "proposals:timeline.expired",
        fromStatus: transition.from,
        toStatus: transition.to,
        at: now,
      });
    return rows;
  });
  for (const row of expired)
    await notifyProposalFollowers({
      proposalId: row.id,
      kind: "proposals:notifications.expired",
      params: { title: row.title },
    });
  return expired.length;
}
