import { and, eq, inArray } from "drizzle-orm";
import { meetingRegistrations, meetings } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { cancelReasonMax } from "./meeting-schemas";
import { getMeeting } from "./meeting-queries.server";
import { lockMeeting } from "./register-for-meeting.server";

export interface CancelMeetingInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  meetingId: string;
  reason: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The organiser calls a meeting off before it ends, with a reason shown on its page. Registrations stay
 * as they were (the record of who meant to come); check-in, motions and minutes are refused from then on.
 * Everyone registered or waiting is notified after the commit.
 */
export async function cancelMeeting({
  actor,
  actorRoles,
  meetingId,
  reason,
  meta,
  now = new Date(),
}: CancelMeetingInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  const { meeting, area } = found;
  if (!canManageArea(actorRoles, area.path).allowed) throw new DomainError("meetings:errors.notManager", 403);
  const text = reason.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > cancelReasonMax) throw new DomainError("errors:tooLong", 422, { max: cancelReasonMax });

  const people = await db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, meetingId);
    if (!locked) throw new DomainError("meetings:errors.meetingNotFound", 404);
    if (locked.status === "cancelled") throw new DomainError("meetings:errors.meetingCancelled", 409);
    if (locked.status === "held" || now.getTime() >= meeting.endsAt.getTime())
      throw new DomainError("meetings:errors.cannotCancelOver", 409);
    await tx
      .update(meetings)
      .set({ status: "cancelled", cancelledAt: now, cancelReason: text })
      .where(eq(meetings.id, meetingId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "meeting.cancelled",
      subjectType: "meeting",
      subjectId: meetingId,
      areaId: meeting.areaId,
      before: { status: locked.status },
      after: { status: "cancelled" },
      reason: text,
      meta,
    });
    return tx
      .select({ userId: meetingRegistrations.userId })
      .from(meetingRegistrations)
      .where(
        and(
          eq(meetingRegistrations.meetingId, meetingId),
          inArray(meetingRegistrations.status, ["registered", "waitlisted"]),
        ),
      );
  });

  for (const { userId } of people) {
    await notifyUser({
      userId,
      subjectType: "meeting",
      subjectId: meetingId,
      kind: "meetings:notifications.meetingCancelled",
      href: `/meetings/${meetingId}`,
      params: { title: meeting.title },
    });
  }
  return { notified: people.length };
}
