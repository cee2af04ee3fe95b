import { and, asc, count, eq, lt, sql } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { consultations, meetingMotions, meetingRegistrations, meetings } from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A meeting with its area (path for permissions, names for display); null for a forged id. */
export async function getMeeting(meetingId: string, via: Queryable = db) {
  if (!uuidPattern.test(meetingId)) return null;
  const [row] = await via
    .select({
      meeting: meetings,
      area: {
        id: areas.id,
        code: areas.code,
        path: areas.path,
        nameZhCn: areas.nameZhCn,
        nameZhHk: areas.nameZhHk,
        nameEn: areas.nameEn,
      },
    })
    .from(meetings)
    .innerJoin(areas, eq(areas.id, meetings.areaId))
    .where(eq(meetings.id, meetingId));
  return row ?? null;
}

/** What a meeting is attached to, by id: a consultation or a matter, with its area. */
export async function getMeetingParent(kind: "consultation" | "matter", id: string) {
  if (!uuidPattern.test(id)) return null;
  if (kind === "consultation") {
    const [row] = await db
      .select({
        id: consultations.id,
        title: consultations.title,
        status: consultations.status,
        areaId: areas.id,
        areaPath: areas.path,
      })
      .from(consultations)
      .innerJoin(areas, eq(areas.id, consultations.areaId))
      .where(eq(consultations.id, id));
    return row ?? null;
  }
  const [row] = await db
    .select({
      id: matters.id,
      title: matters.title,
      status: matters.status,
      areaId: areas.id,
      areaPath: areas.path,
    })
    .from(matters)
    .innerJoin(areas, eq(areas.id, matters.communityId))
    .where(eq(matters.id, id));
  return row ?? null;
}

/** Registered and waitlisted counts (cancelled ones are not counted). */
export async function countRegistrations(meetingId: string, via: Queryable = db) {
  const rows = await via
    .select({ status: meetingRegistrations.status, n: count() })
    .from(meetingRegistrations)
    .where(eq(meetingRegistrations.meetingId, meetingId))
    .groupBy(meetingRegistrations.status);
  const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { registered: of("registered"), waitlisted: of("waitlisted") };
}

/** How many registered people have checked in. */
export async function countCheckedIn(meetingId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(meetingRegistrations)
    .where(
      and(
        eq(meetingRegistrations.meetingId, meetingId),
        sql`${meetingRegistrations.checkedInAt} is not null`,
      ),
    );
  return row?.n ?? 0;
}

/** The person's registration and, when waitlisted, their place in the queue (1 = next to be promoted). */
export async function getMyRegistration(meetingId: string, userId: string) {
  const [row] = await db
    .select()
    .from(meetingRegistrations)
    .where(and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, userId)));
  if (!row) return null;
  let position: number | null = null;
  if (row.status === "waitlisted") {
    const [ahead] = await db
      .select({ n: count() })
      .from(meetingRegistrations)
      .where(
        and(
          eq(meetingRegistrations.meetingId, meetingId),
          eq(meetingRegistrations.status, "waitlisted"),
          lt(meetingRegistrations.registeredAt, row.registeredAt),
        ),
      );
    position = (ahead?.n ?? 0) + 1;
  }
  return { ...row, position };
}

export async function listMotions(meetingId: string) {
  return db
    .select()
    .from(meetingMotions)
    .where(eq(meetingMotions.meetingId, meetingId))
    .orderBy(asc(meetingMotions.recordedAt), asc(meetingMotions.id));
}

/** Meetings attached to a consultation or a matter, soonest first (for their pages). */
export async function listMeetingsFor(kind: "consultation" | "matter", id: string) {
  if (!uuidPattern.test(id)) return [];
  return db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, status: meetings.status })
    .from(meetings)
    .where(kind === "consultation" ? eq(meetings.consultationId, id) : eq(meetings.matterId, id))
    .orderBy(asc(meetings.startsAt));
}
