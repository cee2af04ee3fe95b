import type { Tx } from "~db/client";
import { follow } from "~/modules/notifications/follow.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";

/**
 * The proposal side of following and notifications, in one place: authors and supporters follow a
 * proposal (inside the change's transaction); followers hear of its changes after the commit.
 */
export async function followProposal(tx: Tx, userId: string, proposalId: string) {
  await follow(tx, userId, "proposal", proposalId);
}

export async function notifyProposalFollowers(input: {
  proposalId: string;
  kind: string;
  params?: Record<string, string | number>;
  exceptUserId?: string;
}) {
  try {
    await notifyFollowers({
      subjectType: "proposal",
      subjectId: input.proposalId,
      kind: input.kind,
      href: `/proposals/${input.proposalId}`,
      params: input.params,
      exceptUserId: input.exceptUserId,
    });
  } catch (error) {
    // The change itself is committed; a lost notification must not turn it into an error page.
    console.error("notifyFollowers failed", error);
  }
}
