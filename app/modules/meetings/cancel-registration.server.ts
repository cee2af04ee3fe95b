import { and, asc, eq } from "drizzle-orm";
import { meetingRegistrations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { notifyUser } from "~/modules/notifications/notify.server";
import { getMeeting } from "./meeting-queries.server";
import { lockMeeting } from "./register-for-meeting.server";

export interface CancelRegistrationInput {
  actor: { id: string };
  meetingId: string;
  now?: Date;
}

/**
 * The person cancels their registration (or leaves the waiting list) before the meeting ends. When a
 * registered place is freed, the earliest waitlisted person is promoted in the same transaction, under
 * the meeting lock, so two cancellations at once promote two different people. The promoted person is
 * notified after the commit. Someone already checked in cannot cancel.
 */
export async function cancelRegistration({ actor, meetingId, now = new Date() }: CancelRegistrationInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  if (now.getTime() >= found.meeting.endsAt.getTime())
    throw new DomainError("meetings:errors.meetingOver", 409);

  const result = await db.transaction(async (tx) => {
    const locked = await lockMeeting(tx, meetingId);
    if (!locked) throw new DomainError("meetings:errors.meetingNotFound", 404);
    const [mine] = await tx
      .select()
      .from(meetingRegistrations)
      .where(and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, actor.id)));
    if (!mine || mine.status === "cancelled") throw new DomainError("meetings:errors.notRegistered", 409);
    if (mine.checkedInAt) throw new DomainError("meetings:errors.alreadyCheckedIn", 409);
    await tx
      .update(meetingRegistrations)
      .set({ status: "cancelled", cancelledAt: now })
      .where(eq(meetingRegistrations.id, mine.id));
    let promotedUserId: string | null = null;
    if (mine.status === "registered" && locked.status !== "cancelled") {
      const [next] = await tx
        .select({ id: meetingRegistrations.id, userId: meetingRegistrations.userId })
        .from(meetingRegistrations)
        .where(
          and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.status, "waitlisted")),
        )
        .orderBy(asc(meetingRegistrations.registeredAt), asc(meetingRegistrations.id))
        .limit(1);
      if (next) {
        await tx
          .update(meetingRegistrations)
          .set({ status: "registered", promotedAt: now })
          .where(eq(meetingRegistrations.id, next.id));
        promotedUserId = next.userId;
      }
    }
    return { previousStatus: mine.status, promotedUserId };
  });

  if (result.promotedUserId) {
    await notifyUser({
      userId: result.promotedUserId,
      subjectType: "meeting",
      subjectId: meetingId,
      kind: "meetings:notifications.promoted",
      href: `/meetings/${meetingId}`,
      params: { title: found.meeting.title },
    });
  }
  return result;
}
