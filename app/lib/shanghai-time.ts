/** Times are typed as `datetime-local` in Guangzhou time (UTC+8, no daylight saving) and kept as instants. */

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A `datetime-local` value read as Guangzhou time, or null when it is not one. */
export function parseShanghaiLocal(text: string): Date | null {
  const m = localPattern.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00"] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`);
  if (Number.isNaN(date.getTime())) return null;
  // Reject 2027-02-30 and the like, which Date would roll over silently.
  if (toShanghaiLocal(date).slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return date;
}

/** An instant as a `datetime-local` value in Guangzhou time ("2026-12-12T18:00"). */
export function toShanghaiLocal(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}
