import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ActiveRole } from "~/modules/accounts/role-queries.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { objectionReasonMax, shanghaiMinute } from "./objection-schemas";
import type { NoticeSubject } from "./notice-subject";

export interface RaiseObjectionInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly Pick<ActiveRole, "role" | "areaId">[];
  /** Resolved by the feature that owns it; null when it does not exist. */
  subject: NoticeSubject | null;
  reason: string;
  now?: Date;
}

/**
 * Anyone signed in may object in writing while the public notice is open (the notice is public, and a
 * neighbour or a business next door may be affected too). The event is counted in the person's own
 * community when they are a verified resident, otherwise in the subject's area.
 */
export async function raiseObjection({
  actor,
  actorRoles,
  subject,
  reason,
  now = new Date(),
}: RaiseObjectionInput) {
  if (!subject) throw new DomainError("projects:errors.subjectNotFound", 404);
  const text = reason.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > objectionReasonMax)
    throw new DomainError("errors:tooLong", 422, { max: objectionReasonMax });
  if (!subject.isOpen(now)) {
    if (subject.noticeEndsAt && now.getTime() >= subject.noticeEndsAt.getTime())
      throw new DomainError("projects:errors.noticeClosed", 409, {
        closedAt: shanghaiMinute(subject.noticeEndsAt),
      });
    throw new DomainError("projects:errors.noticeNotOpen", 409);
  }
  const residence = actorRoles.find((r) => r.role === "resident");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(objections)
      .values({
        subjectType: subject.type,
        subjectId: subject.id,
        areaId: subject.areaId,
        authorId: actor.id,
        reason: text,
        createdAt: now,
      })
      .returning({ id: objections.id });
    await recordParticipation(tx, {
      kind: "objection.raised",
      actor,
      areaId: residence?.areaId ?? subject.areaId,
      subjectType: subject.type,
      subjectId: subject.id,
    });
    return { id: row!.id };
  });
}
