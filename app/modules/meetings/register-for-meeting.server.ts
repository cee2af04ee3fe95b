import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { meetingRegistrations, meetings } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import { isResidentWithin, type ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { checkInCodeFor, checkInCodeHash } from "./check-in-code.server";
import { getMeeting } from "./meeting-queries.server";

export interface RegisterForMeetingInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  meetingId: string;
  now?: Date;
}

/** Locks the meeting row: registrations, cancellations and promotions of one meeting run one at a time. */
export async function lockMeeting(tx: Tx, meetingId: string) {
  const [row] = await tx
    .select({ id: meetings.id, capacity: meetings.capacity, status: meetings.status })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for("update");
  return row ?? null;
}

/**
 * A queue time strictly after everyone already in this meeting's queue, so the order of arrival (under
 * the meeting lock) is the order of the waiting list even when two requests carry the same clock time.
 */
export function queueTime(meetingId: string, now: Date) {
  return sql<Date>`greatest(${now.toISOString()}::timestamptz, (select max(${meetingRegistrations.registeredAt}) + interval '1 millisecond' from ${meetingRegistrations} where ${meetingRegistrations.meetingId} = ${meetingId}))`;
}

/**
 * A verified resident of the meeting's area registers before the meeting starts (who may take part in
 * a residents' council meeting is the community's residents; officials attend without registering).
 * Under the meeting's row lock: while fewer than `capacity` are registered the person is registered,
 * otherwise waitlisted. Someone who cancelled may register again and goes to the back of the queue.
 * Returns the status and the person's check-in code.
 */
export async function registerForMeeting({
  actor,
  actorRoles,
  meetingId,
  now = new Date(),
}: RegisterForMeetingInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  const { meeting, area } = found;
  if (meeting.status === "cancelled") throw new DomainError("meetings:errors.meetingCancelled", 409);
  if (now.getTime() >= meeting.startsAt.getTime())
    throw new DomainError("meetings:errors.registrationClosed", 409);
  if (!isResidentWithin(actorRoles, area.path)) throw new DomainError("meetings:errors.notResidentHere", 403);

  for (let attempt = 0; ; attempt++) {
    // The code derives from the registration id; a (very unlikely) clash with another code retries.
    const newId = crypto.randomUUID();
    const code = await checkInCodeFor(newId);
    const codeHash = await checkInCodeHash(code);
    try {
      return await db.transaction(async (tx) => {
        const locked = await lockMeeting(tx, meetingId);
        if (!locked || locked.status === "cancelled")
          throw new DomainError("meetings:errors.meetingCancelled", 409);
        const [existing] = await tx
          .select({ id: meetingRegistrations.id, status: meetingRegistrations.status })
          .from(meetingRegistrations)
          .where(
            and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, actor.id)),
          );
        if (existing && existing.status !== "cancelled")
          throw new DomainError("meetings:errors.alreadyRegistered", 409);
        const [taken] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(meetingRegistrations)
          .where(
            and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.status, "registered")),
          );
        const status = (taken?.n ?? 0) < locked.capacity ? ("registered" as const) : ("waitlisted" as const);
        let registrationId: string;
        let myCode = code;
        if (existing) {
          // Coming back after cancelling: same row (and code), at the back of the queue.
          await tx
            .update(meetingRegistrations)
            .set({ status, registeredAt: queueTime(meetingId, now), cancelledAt: null, promotedAt: null })
            .where(eq(meetingRegistrations.id, existing.id));
          registrationId = existing.id;
          myCode = await checkInCodeFor(existing.id, tx);
        } else {
          await tx.insert(meetingRegistrations).values({
            id: newId,
            meetingId,
            userId: actor.id,
            status,
            registeredAt: queueTime(meetingId, now),
            checkInCodeHash: codeHash,
          });
          registrationId = newId;
        }
        await recordParticipation(tx, {
          kind: "meeting.registered",
          actor,
          areaId: meeting.areaId,
          subjectType: "meeting",
          subjectId: meetingId,
          meta: { waitlisted: status === "waitlisted" },
        });
        return { registrationId, status, code: myCode };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}
