import { asc, eq } from "drizzle-orm";
import { meetingRegistrations, meetings } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's meeting registrations and attendance for "Download my data". The check-in code is kept
 * only as a hash (useless to them), and who checked them in is left out.
 */
export async function personalData(userId: string) {
  const registrations = await db
    .select({
      meetingId: meetingRegistrations.meetingId,
      meetingTitle: meetings.title,
      place: meetings.place,
      startsAt: meetings.startsAt,
      status: meetingRegistrations.status,
      registeredAt: meetingRegistrations.registeredAt,
      promotedAt: meetingRegistrations.promotedAt,
      cancelledAt: meetingRegistrations.cancelledAt,
      checkedInAt: meetingRegistrations.checkedInAt,
    })
    .from(meetingRegistrations)
    .innerJoin(meetings, eq(meetings.id, meetingRegistrations.meetingId))
    .where(eq(meetingRegistrations.userId, userId))
    .orderBy(asc(meetingRegistrations.registeredAt));

  return { registrations: registrations.map(isoDates) };
}
