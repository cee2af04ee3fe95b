import { meetingMotions } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { countCouncilVote, type CouncilVoteOutcome } from "~/modules/voting/council-vote";
import { checkInOpensBeforeMs } from "./meeting-schemas";
import { getMeeting } from "./meeting-queries.server";

export interface RecordMotionInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  meetingId: string;
  motion: string;
  /** Council members; defaults to the meeting's council size. */
  members?: number | null;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The organiser records a council vote on a motion, from the start of check-in on. Quorum and result
 * follow the council rule (more than 2/3 of members present, more than half of those present voting
 * yes), computed here, never typed in. The decision is a participation event of the area's council.
 */
export async function recordMotion({
  actor,
  actorRoles,
  meetingId,
  motion,
  members,
  present,
  yes,
  no,
  abstain,
  meta,
  now = new Date(),
}: RecordMotionInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  const { meeting, area } = found;
  if (!canManageArea(actorRoles, area.path).allowed) throw new DomainError("meetings:errors.notManager", 403);
  if (meeting.status === "cancelled") throw new DomainError("meetings:errors.meetingCancelled", 409);
  if (now.getTime() < meeting.startsAt.getTime() - checkInOpensBeforeMs)
    throw new DomainError("meetings:errors.meetingNotStarted", 409);
  const text = motion.trim();
  if (!text) throw new DomainError("errors:required", 422);
  const memberCount = members ?? meeting.councilSize;
  if (!memberCount) throw new DomainError("meetings:errors.membersRequired", 422);
  let vote: CouncilVoteOutcome;
  try {
    vote = countCouncilVote({ members: memberCount, present, yes, no, abstain });
  } catch (error) {
    if (error instanceof RangeError) throw new DomainError("meetings:errors.votesInconsistent", 422);
    throw error;
  }
  if (vote.yes + vote.no + vote.abstain !== vote.present)
    throw new DomainError("meetings:errors.votesInconsistent", 422);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(meetingMotions)
      .values({
        meetingId,
        motion: text,
        members: vote.members,
        present: vote.present,
        yes: vote.yes,
        no: vote.no,
        abstain: vote.abstain,
        passed: vote.passed,
        quorate: vote.quorum,
        recordedBy: actor.id,
        recordedAt: now,
      })
      .returning({ id: meetingMotions.id });
    await recordParticipation(tx, {
      kind: "decision.made",
      actor,
      areaId: meeting.areaId,
      subjectType: "meeting_motion",
      subjectId: row!.id,
      channel: "meeting",
      meta: { passed: vote.passed, quorate: vote.quorum },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "meeting.motion_recorded",
      subjectType: "meeting",
      subjectId: meetingId,
      areaId: meeting.areaId,
      after: {
        motionId: row!.id,
        members: vote.members,
        present: vote.present,
        yes: vote.yes,
        no: vote.no,
        abstain: vote.abstain,
        passed: vote.passed,
        quorate: vote.quorum,
      },
      meta,
    });
    return { id: row!.id, passed: vote.passed, quorate: vote.quorum, reason: vote.reason };
  });
}
