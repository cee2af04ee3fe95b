import { and, eq } from "drizzle-orm";
import { councilVotes } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canManageScheme } from "./permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { listBallotProposals } from "./ballot-queries.server";
import { requireVotingScheme } from "./cast-ballot.server";
import { countCouncilVote } from "~/modules/voting/council-vote";
import { discardUnpublishedCount, lockSchemeForCount } from "./count-scheme.server";
import { paperEntryOpen } from "./enter-paper-ballot.server";

export interface RecordCouncilVoteInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  proposalId: string;
  members: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * An official records the residents' council's vote on one proposal from the meeting's minutes, during
 * the voting window or after it, until the results are published. A correction replaces the record
 * (the audit keeps both). The first record of a proposal is a `decision.made` event.
 */
export async function recordCouncilVote(input: RecordCouncilVoteInput) {
  const { actor, actorRoles, schemeId, proposalId, meta, now = new Date() } = input;
  const scheme = await requireVotingScheme(schemeId);
  const permission = canManageScheme(actorRoles, scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (scheme.votingMethod !== "council") throw new DomainError("voting:errors.notCouncil", 409);
  if (scheme.status !== "published" || !paperEntryOpen(scheme, now))
    throw new DomainError("voting:errors.councilClosed", 409);
  const proposal = (await listBallotProposals(scheme.id)).find((p) => p.id === proposalId);
  if (!proposal || proposal.status !== "eligible")
    throw new DomainError("voting:errors.unknownProposal", 404);
  let outcome;
  try {
    outcome = countCouncilVote({
      members: input.members,
      present: input.present,
      yes: input.yes,
      no: input.no,
      abstain: input.abstain,
    });
  } catch (error) {
    if (error instanceof RangeError) throw new DomainError("voting:errors.councilNumbers", 422);
    throw error;
  }
  const values = {
    members: outcome.members,
    present: outcome.present,
    yes: outcome.yes,
    no: outcome.no,
    abstain: outcome.abstain,
  };
  return db.transaction(async (tx) => {
    const locked = await lockSchemeForCount(tx, scheme.id, "update");
    if (!locked || locked.resultsPublishedAt) throw new DomainError("voting:errors.councilClosed", 409);
    await discardUnpublishedCount(tx, scheme.id);
    const [before] = await tx
      .select({
        members: councilVotes.members,
        present: councilVotes.present,
        yes: councilVotes.yes,
        no: councilVotes.no,
        abstain: councilVotes.abstain,
      })
      .from(councilVotes)
      .where(and(eq(councilVotes.schemeId, scheme.id), eq(councilVotes.proposalId, proposal.id)))
      .for("update");
    await tx
      .insert(councilVotes)
      .values({
        schemeId: scheme.id,
        proposalId: proposal.id,
        ...values,
        recordedBy: actor.id,
        recordedAt: now,
      })
      .onConflictDoUpdate({
        target: [councilVotes.schemeId, councilVotes.proposalId],
        set: { ...values, recordedBy: actor.id, recordedAt: now },
      });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "council.recorded",
      subjectType: "proposal",
      subjectId: proposal.id,
      areaId: scheme.areaId,
      before: before ?? null,
      after: { ...values, passed: outcome.passed, reason: outcome.reason },
      meta,
    });
    if (!before) {
      await recordParticipation(tx, {
        kind: "decision.made",
        actor,
        areaId: scheme.areaId,
        subjectType: "proposal",
        subjectId: proposal.id,
        channel: "meeting",
        meta: { passed: outcome.passed },
      });
    }
    return outcome;
  });
}
