/**
 * Calendar periods of the engagement rollups, as ISO dates ("2026-01-01") of local (Guangzhou) days.
 * Pure; the SQL in rollup.server.ts computes the same starts with date_trunc.
 *
 * Distinct participants are exact for one whole period of a rollup grain: an ISO week (Monday start),
 * a calendar month, quarter or year. Any other [from, to) range is covered by the fewest aligned
 * periods (years, quarters, months, weeks, then days); events and other counts are sums and stay exact,
 * but distinct people cannot be added up across periods, so for such ranges the participant count is the
 * largest of the covering periods' counts — a lower bound — and reports say so (`participantsExact`).
 * Counters are stored per day, month and year only, so they are read through a cover of those grains.
 */

export type Grain = "day" | "week" | "month" | "quarter" | "year";

const DAY_MS = 86_400_000;
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for an ISO date, or null when it is not a real calendar date. */
export function dayNumber(date: string): number | null {
  const m = isoDate.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== Number(m[1]) ||
    back.getUTCMonth() !== Number(m[2]) - 1 ||
    back.getUTCDate() !== Number(m[3])
  ) {
    return null;
  }
  return ms / DAY_MS;
}

export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Start of the period of `grain` that contains `day`. */
export function periodStart(grain: Grain, day: number): number {
  const d = new Date(day * DAY_MS);
  switch (grain) {
    case "day":
      return day;
    case "week":
      // 1970-01-01 was a Thursday; ISO weeks start on Monday.
      return day - ((d.getUTCDay() + 6) % 7);
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
    case "quarter":
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1) / DAY_MS;
    case "year":
      return Date.UTC(d.getUTCFullYear(), 0, 1) / DAY_MS;
  }
}

/** Start of the period after the one starting at `start`. */
export function nextPeriodStart(grain: Grain, start: number): number {
  const d = new Date(start * DAY_MS);
  switch (grain) {
    case "day":
      return start + 1;
    case "week":
      return start + 7;
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
    case "quarter":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1) / DAY_MS;
    case "year":
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1) / DAY_MS;
  }
}

export type Period = { grain: Grain; start: number; end: number };

const coverOrder: Grain[] = ["year", "quarter", "month", "week", "day"];

/** The fewest aligned periods of the given grains covering [from, to) exactly, largest first at each point. */
export function coverRange(from: number, to: number, grains: readonly Grain[] = coverOrder): Period[] {
  const order = coverOrder.filter((g) => g === "day" || grains.includes(g));
  const parts: Period[] = [];
  let at = from;
  while (at < to) {
    for (const grain of order) {
      if (periodStart(grain, at) !== at) continue;
      const end = nextPeriodStart(grain, at);
      if (end > to) continue;
      parts.push({ grain, start: at, end });
      at = end;
      break;
    }
  }
  return parts;
}

/** The whole periods of `grain` that overlap [from, to): the first may start before `from`. */
export function seriesPeriods(grain: "week" | "month", from: number, to: number): Period[] {
  const out: Period[] = [];
  for (let start = periodStart(grain, from); start < to; start = nextPeriodStart(grain, start)) {
    out.push({ grain, start, end: nextPeriodStart(grain, start) });
  }
  return out;
}

/** Today's local (Guangzhou, UTC+8) date as a day number. */
export function localToday(now: Date = new Date()): number {
  return Math.floor((now.getTime() + 8 * 3_600_000) / DAY_MS);
}

/**
 * A range that runs past today ("this quarter so far") can be read as if it ran to the end of its
 * week, month, quarter or year: those extra days are in the future and hold no events. Returns the
 * end that gives the fewest covering periods (so "this month so far" is one whole month: exact
 * participants, one row per kind), or `to` itself when the range ends today or earlier.
 */
export function readableEnd(from: number, to: number, today: number): number {
  if (to <= today) return to;
  let best = to;
  let bestParts = coverRange(from, to).length;
  for (const grain of ["week", "month", "quarter", "year"] as const) {
    const end = nextPeriodStart(grain, periodStart(grain, to - 1));
    const parts = coverRange(from, end).length;
    if (end > to && parts < bestParts) {
      best = end;
      bestParts = parts;
    }
  }
  return best;
}
