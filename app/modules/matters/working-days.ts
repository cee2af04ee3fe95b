/**
 * Working days in Guangzhou, pure and client-safe. A day is a working day Monday–Friday unless the
 * holiday calendar says otherwise: public holidays are listed as non-working, and the weekend days
 * worked in their place (调休) as working. Days are calendar days in Asia/Shanghai (UTC+8 all year,
 * no daylight saving), written "YYYY-MM-DD".
 */

/** Calendar exceptions: day → whether it is a working day. Days not listed follow Monday–Friday. */
export type WorkCalendar = ReadonlyMap<string, boolean>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR;
/** A year of holidays is the most any deadline here may span (response days are capped at 30). */
const MAX_SCAN_DAYS = 400;

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** Midnight UTC of a "YYYY-MM-DD" day, used only for day arithmetic. */
function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY;
}

function dayFromNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** `day` shifted by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  const listed = calendar.get(day);
  if (listed !== undefined) return listed;
  const weekday = new Date(dayNumber(day) * DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The last instant of a Shanghai day (23:59:59.999 local). */
export function endOfShanghaiDay(day: string): Date {
  return new Date((dayNumber(day) + 1) * DAY - SHANGHAI_OFFSET - 1);
}

/**
 * The deadline `n` working days after `start`: the end of the Nth working day after the day `start`
 * falls on (Shanghai). The raising day itself never counts, whether it is a working day or not, so a
 * matter raised on Friday evening or on a holiday with n = 1 is due at the end of the next working day.
 */
export function addWorkingDays(start: Date, n: number, calendar: WorkCalendar): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError("addWorkingDays: n must be a positive integer");
  let day = shanghaiDay(start);
  let counted = 0;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar) && ++counted === n) return endOfShanghaiDay(day);
  }
  throw new RangeError("addWorkingDays: no working day found within the calendar's reach");
}

/** Working days in the half-open range (fromDay, toDay]; 0 when toDay is not after fromDay. */
export function countWorkingDaysBetween(fromDay: string, toDay: string, calendar: WorkCalendar): number {
  const from = dayNumber(fromDay);
  const to = dayNumber(toDay);
  let count = 0;
  for (let d = from + 1; d <= to && d - from <= MAX_SCAN_DAYS * 4; d++) {
    if (isWorkingDay(dayFromNumber(d), calendar)) count++;
  }
  return count;
}

export type MatterClock = { responseDueAt: Date; respondedAt: Date | null };

/** A matter is overdue once its deadline has passed without a response. The deadline instant itself is still on time. */
export function isOverdue(matter: MatterClock, now: Date): boolean {
  return matter.respondedAt === null && now.getTime() > matter.responseDueAt.getTime();
}

/**
 * How the deadline stands, for "2 working days left" / "due today" / "overdue by 1 working day".
 * `left` counts the working days after today up to and including the due day; once overdue, `by` counts
 * the working days after the due day up to today (at least 1, so a weekend after a missed Friday still reads
 * "overdue by 1 working day").
 */
export type DeadlineState =
  | { state: "open"; left: number }
  | { state: "dueToday" }
  | { state: "overdue"; by: number };

export function workingDaysLeft(dueAt: Date, now: Date, calendar: WorkCalendar): DeadlineState {
  const today = shanghaiDay(now);
  const dueDay = shanghaiDay(dueAt);
  if (now.getTime() > dueAt.getTime()) {
    return { state: "overdue", by: Math.max(1, countWorkingDaysBetween(dueDay, today, calendar)) };
  }
  if (today === dueDay) return { state: "dueToday" };
  return { state: "open", left: countWorkingDaysBetween(today, dueDay, calendar) };
}

/** Hours from raising to responding, one decimal (the engagement index reads it). */
export function responseHours(raisedAt: Date, respondedAt: Date): number {
  return Math.round(((respondedAt.getTime() - raisedAt.getTime()) / HOUR) * 10) / 10;
}
