import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { calendarDays } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { addDays, shanghaiDay, type WorkCalendar } from "./working-days";

/** The holiday calendar is city-wide: only a platform admin or a city official keeps it. */
export function canEditCalendar(roles: readonly ScopedRole[]): boolean {
  return roles.some((r) => r.role === "platform_admin" || r.role === "city_official");
}

/** Calendar exceptions between two days (inclusive), as the pure working-day rules take them. */
export async function loadCalendar(fromDay: string, toDay: string, q: Queryable = db): Promise<WorkCalendar> {
  const rows = await q
    .select({ day: calendarDays.day, isWorkday: calendarDays.isWorkday })
    .from(calendarDays)
    .where(and(gte(calendarDays.day, fromDay), lte(calendarDays.day, toDay)));
  return new Map(rows.map((r) => [r.day, r.isWorkday]));
}

/** Enough of the calendar to compute a deadline of up to 30 working days from `start`. */
export function loadCalendarFrom(start: Date, q: Queryable = db): Promise<WorkCalendar> {
  const from = shanghaiDay(start);
  return loadCalendar(from, addDays(from, 120), q);
}

/** Enough of the calendar to describe deadlines around `now` (for lists and the matter page). */
export function loadCalendarAround(now: Date, spanDays = 120): Promise<WorkCalendar> {
  const today = shanghaiDay(now);
  return loadCalendar(addDays(today, -spanDays), addDays(today, spanDays));
}

export async function listCalendarDays(fromDay: string) {
  return db
    .select()
    .from(calendarDays)
    .where(gte(calendarDays.day, fromDay))
    .orderBy(asc(calendarDays.day))
    .limit(200);
}

/**
 * Adds or changes one exception day (a public holiday, or a weekend day worked in its place). Deadlines
 * already set are not moved: a matter keeps the deadline it was given when raised.
 */
export async function setCalendarDay({
  actor,
  actorRoles,
  day,
  isWorkday,
  name,
  meta,
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  day: string;
  isWorkday: boolean;
  name: string;
  meta?: RequestMeta;
}) {
  if (!canEditCalendar(actorRoles)) throw new DomainError("matters:errors.calendarNotAllowed", 403);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, day)).for("update");
    await tx
      .insert(calendarDays)
      .values({ day, isWorkday, name })
      .onConflictDoUpdate({ target: calendarDays.day, set: { isWorkday, name } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "calendar.changed",
      subjectType: "calendar_day",
      subjectId: day,
      before: before ? { isWorkday: before.isWorkday, name: before.name } : null,
      after: { isWorkday, name },
      meta,
    });
  });
}

export async function removeCalendarDay({
  actor,
  actorRoles,
  day,
  meta,
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  day: string;
  meta?: RequestMeta;
}) {
  if (!canEditCalendar(actorRoles)) throw new DomainError("matters:errors.calendarNotAllowed", 403);
  await db.transaction(async (tx) => {
    const [removed] = await tx.delete(calendarDays).where(eq(calendarDays.day, day)).returning();
    if (!removed) throw new DomainError("matters:errors.dayNotListed", 404);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "calendar.changed",
      subjectType: "calendar_day",
      subjectId: day,
      before: { isWorkday: removed.isWorkday, name: removed.name },
      after: null,
      meta,
    });
  });
}
