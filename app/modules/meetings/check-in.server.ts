import { and, eq, isNull } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { meetingRegistrations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { normalizeCheckInCode } from "./check-in-code";
import { checkInCodeHash } from "./check-in-code.server";
import { checkInOpensBeforeMs } from "./meeting-schemas";
import { getMeeting } from "./meeting-queries.server";

export interface CheckInInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  meetingId: string;
  code: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The organiser types the code a registered person shows. A code is valid only for its own meeting,
 * only once, only for a registered (not waitlisted or cancelled) person, and only from two hours before
 * the start to the end. The conditional UPDATE … WHERE checked_in_at IS NULL makes a code typed twice at
 * once count once. Attendance is a participation event of the resident, channel "meeting".
 */
export async function checkIn({ actor, actorRoles, meetingId, code, meta, now = new Date() }: CheckInInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  const { meeting, area } = found;
  if (!canManageArea(actorRoles, area.path).allowed) throw new DomainError("meetings:errors.notManager", 403);
  if (meeting.status === "cancelled") throw new DomainError("meetings:errors.meetingCancelled", 409);
  const t = now.getTime();
  if (t < meeting.startsAt.getTime() - checkInOpensBeforeMs || t >= meeting.endsAt.getTime())
    throw new DomainError("meetings:errors.checkInClosed", 409);
  const normalized = normalizeCheckInCode(code);
  if (!normalized) throw new DomainError("meetings:errors.codeMalformed", 422);
  const hash = await checkInCodeHash(normalized);

  return db.transaction(async (tx) => {
    const [registration] = await tx
      .select({
        id: meetingRegistrations.id,
        meetingId: meetingRegistrations.meetingId,
        userId: meetingRegistrations.userId,
        status: meetingRegistrations.status,
        checkedInAt: meetingRegistrations.checkedInAt,
        pseudonymSeed: users.pseudonymSeed,
        displayName: users.displayName,
      })
      .from(meetingRegistrations)
      .innerJoin(users, eq(users.id, meetingRegistrations.userId))
      .where(eq(meetingRegistrations.checkInCodeHash, hash));
    if (!registration) throw new DomainError("meetings:errors.codeUnknown", 404);
    if (registration.meetingId !== meetingId) throw new DomainError("meetings:errors.codeOtherMeeting", 409);
    if (registration.checkedInAt) throw new DomainError("meetings:errors.codeUsed", 409);
    if (registration.status !== "registered")
      throw new DomainError(
        registration.status === "waitlisted"
          ? "meetings:errors.codeWaitlisted"
          : "meetings:errors.codeCancelled",
        409,
      );
    const [done] = await tx
      .update(meetingRegistrations)
      .set({ checkedInAt: now, checkedInBy: actor.id })
      .where(
        and(
          eq(meetingRegistrations.id, registration.id),
          eq(meetingRegistrations.status, "registered"),
          isNull(meetingRegistrations.checkedInAt),
        ),
      )
      .returning({ id: meetingRegistrations.id });
    if (!done) throw new DomainError("meetings:errors.codeUsed", 409);
    await recordParticipation(tx, {
      kind: "meeting.attended",
      actor: { id: registration.userId, pseudonymSeed: registration.pseudonymSeed },
      areaId: meeting.areaId,
      subjectType: "meeting",
      subjectId: meetingId,
      channel: "meeting",
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "meeting.checked_in",
      subjectType: "meeting",
      subjectId: meetingId,
      areaId: meeting.areaId,
      after: { registrationId: registration.id, userId: registration.userId },
      meta,
    });
    return { registrationId: registration.id, displayName: registration.displayName };
  });
}
