/**
 * Reporting periods for the engagement dashboards and the open-data API. Client-safe and pure: "today"
 * is always passed in, so the same request gives the same period in tests and on the server.
 *
 * A period is half-open, [from, to): `from` is the first day counted and `to` the first day NOT
 * counted, as ISO dates (YYYY-MM-DD). That is what the rollup queries take, and it makes adjacent
 * periods meet without overlapping (…&to=2026-04-01 then from=2026-04-01&…). Pages show the last day
 * counted (`lastDay`) so people read a familiar inclusive range.
 */

/** Days are Guangzhou days: "the last 30 days" ends at midnight in China Standard Time. */
export const dashboardTimeZone = "Asia/Shanghai";

/** Longer ranges are refused: they would mostly show empty history and cost more to compute. */
export const maxRangeYears = 3;

/** Dates outside these years are typing mistakes, not reporting periods. */
const earliestYear = 2000;
const latestYear = 2099;

export const periodPresets = ["30d", "quarter", "12m"] as const;
export type PeriodPreset = (typeof periodPresets)[number];

export const granularities = ["week", "month"] as const;
export type Granularity = (typeof granularities)[number];

export type Period = { from: string; to: string };

/** The period a page opens with when the address names none. */
export const defaultPreset: PeriodPreset = "12m";

export const periodErrors = {
  required: "metrics:period.errors.required",
  invalidDate: "metrics:period.errors.invalidDate",
  outOfRange: "metrics:period.errors.outOfRange",
  order: "metrics:period.errors.order",
  tooLong: "metrics:period.errors.tooLong",
  invalidPreset: "metrics:period.errors.invalidPreset",
} as const;

export type PeriodErrors = { from?: string[]; to?: string[]; period?: string[] };

export type ParsedPeriod =
  | { ok: true; period: Period; preset: PeriodPreset | null }
  | { ok: false; errors: PeriodErrors };

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(iso: string): Date {
  const [, y, m, d] = isoDatePattern.exec(iso)!;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  return fromUtc(toUtc(value)) === value;
}

/** Today's date in Guangzhou for the instant `now`. */
export function todayIn(now: Date = new Date(), timeZone: string = dashboardTimeZone): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

export function addDays(iso: string, days: number): string {
  const date = toUtc(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** Calendar months later (or earlier); the 31st of a short month becomes its last day. */
export function addMonths(iso: string, months: number): string {
  const date = toUtc(iso);
  const day = date.getUTCDate();
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastOfMonth = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastOfMonth));
  return fromUtc(target);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export function periodLength(period: Period): number {
  return daysBetween(period.from, period.to);
}

/** The last day a period counts (the day before its exclusive end). */
export function lastDay(period: Period): string {
  return addDays(period.to, -1);
}

function startOfMonth(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

function startOfQuarter(iso: string): string {
  const month = Number(iso.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${iso.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
}

/**
 * The three presets:
 * - `30d`: the last 30 days, today included;
 * - `quarter`: this calendar quarter, whole (its remaining days simply have no activity yet), so its
 *   distinct participants are the quarter's exact count rather than a lower bound;
 * - `12m`: the last 12 calendar months, this one so far included (so a monthly series has 12 bars).
 */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const to = addDays(today, 1);
  switch (preset) {
    case "30d":
      return { from: addDays(today, -29), to };
    case "quarter": {
      const from = startOfQuarter(today);
      return { from, to: addMonths(from, 3) };
    }
    case "12m":
      return { from: addMonths(startOfMonth(today), -11), to };
  }
}

export function isPreset(value: unknown): value is PeriodPreset {
  return typeof value === "string" && (periodPresets as readonly string[]).includes(value);
}

/**
 * The period just before `period`, to compare with: whole calendar months before whole months (the
 * previous quarter before a quarter), otherwise the same number of days.
 */
export function previousPeriod(period: Period): Period {
  if (period.from.endsWith("-01") && period.to.endsWith("-01")) {
    const months =
      (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4))) * 12 +
      Number(period.to.slice(5, 7)) -
      Number(period.from.slice(5, 7));
    return { from: addMonths(period.from, -months), to: period.from };
  }
  return { from: addDays(period.from, -periodLength(period)), to: period.from };
}

function checkDate(value: string, field: "from" | "to", errors: PeriodErrors): boolean {
  if (!isIsoDate(value)) {
    (errors[field] ??= []).push(periodErrors.invalidDate);
    return false;
  }
  const year = Number(value.slice(0, 4));
  if (year < earliestYear || year > latestYear) {
    (errors[field] ??= []).push(periodErrors.outOfRange);
    return false;
  }
  return true;
}

/**
 * Reads a period from what a GET form or an API caller sent. A preset (from a preset button) wins over
 * the date fields; with no preset and no dates, the default preset; with only one of the dates, an
 * error on the missing one. Dates must be real days, `from` before `to`, at most three years apart.
 * Error messages are catalogue keys.
 */
export function parsePeriod(
  input: { from?: string | null; to?: string | null; preset?: string | null },
  options: { today: string; defaultPreset?: PeriodPreset | null },
): ParsedPeriod {
  const preset = input.preset?.trim() || null;
  if (preset !== null) {
    if (!isPreset(preset)) return { ok: false, errors: { period: [periodErrors.invalidPreset] } };
    return { ok: true, period: presetPeriod(preset, options.today), preset };
  }
  const from = input.from?.trim() || null;
  const to = input.to?.trim() || null;
  const fallback = options.defaultPreset === undefined ? defaultPreset : options.defaultPreset;
  if (from === null && to === null && fallback !== null) {
    return { ok: true, period: presetPeriod(fallback, options.today), preset: fallback };
  }
  const errors: PeriodErrors = {};
  if (from === null) errors.from = [periodErrors.required];
  if (to === null) errors.to = [periodErrors.required];
  const fromOk = from !== null && checkDate(from, "from", errors);
  const toOk = to !== null && checkDate(to, "to", errors);
  if (fromOk && toOk) {
    if (from >= to) errors.to = [periodErrors.order];
    else if (to > addMonths(from, maxRangeYears * 12)) errors.period = [periodErrors.tooLong];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, period: { from: from!, to: to! }, preset: null };
}

/** Weeks for short periods (up to about a quarter), months beyond, unless the person chose. */
export function parseGranularity(value: string | null | undefined, period: Period): Granularity {
  if (value === "week" || value === "month") return value;
  return periodLength(period) > 92 ? "month" : "week";
}

/** Whether `preset` describes exactly this period today (so the matching preset button reads as chosen). */
export function matchingPreset(period: Period, today: string): PeriodPreset | null {
  for (const preset of periodPresets) {
    const candidate = presetPeriod(preset, today);
    if (candidate.from === period.from && candidate.to === period.to) return preset;
  }
  return null;
}
