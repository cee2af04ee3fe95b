import { describe, expect, test } from "vitest";
import {
  coverRange,
  dayNumber,
  isoFromDay,
  localToday,
  periodStart,
  readableEnd,
  seriesPeriods,
  type Period,
} from "./periods";

const d = (iso: string) => dayNumber(iso)!;
const show = (parts: Period[]) => parts.map((p) => `${p.grain}:${isoFromDay(p.start)}`);

describe("rollup periods", () => {
  test("parses only real dates", () => {
    expect(dayNumber("2026-02-28")).not.toBeNull();
    expect(dayNumber("2026-02-29")).toBeNull();
    expect(dayNumber("2026-2-01")).toBeNull();
    expect(isoFromDay(d("2024-02-29"))).toBe("2024-02-29");
  });

  test("period starts: ISO weeks start on Monday", () => {
    expect(isoFromDay(periodStart("week", d("2026-01-04")))).toBe("2025-12-29");
    expect(isoFromDay(periodStart("week", d("2026-01-05")))).toBe("2026-01-05");
    expect(isoFromDay(periodStart("quarter", d("2026-05-04")))).toBe("2026-04-01");
    expect(isoFromDay(periodStart("year", d("2026-12-31")))).toBe("2026-01-01");
  });

  test("a whole year, quarter, month or week is one exact period", () => {
    expect(show(coverRange(d("2026-01-01"), d("2027-01-01")))).toEqual(["year:2026-01-01"]);
    expect(show(coverRange(d("2026-04-01"), d("2026-07-01")))).toEqual(["quarter:2026-04-01"]);
    expect(show(coverRange(d("2026-02-01"), d("2026-03-01")))).toEqual(["month:2026-02-01"]);
    expect(show(coverRange(d("2026-03-09"), d("2026-03-16")))).toEqual(["week:2026-03-09"]);
  });

  test("other ranges are covered by the fewest aligned periods", () => {
    expect(show(coverRange(d("2025-12-30"), d("2026-05-12")))).toEqual([
      "day:2025-12-30",
      "day:2025-12-31",
      "quarter:2026-01-01",
      "month:2026-04-01",
      "day:2026-05-01",
      "day:2026-05-02",
      "day:2026-05-03",
      "week:2026-05-04",
      "day:2026-05-11",
    ]);
    const parts = coverRange(d("2024-11-03"), d("2026-11-28"));
    expect(parts[0]!.start).toBe(d("2024-11-03"));
    expect(parts.at(-1)!.end).toBe(d("2026-11-28"));
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(parts[i - 1]!.end);
  });

  test("series are whole weeks or months overlapping the range", () => {
    expect(show(seriesPeriods("month", d("2026-01-15"), d("2026-03-01")))).toEqual([
      "month:2026-01-01",
      "month:2026-02-01",
    ]);
    const weeks = seriesPeriods("week", d("2026-03-01"), d("2026-03-16"));
    expect(show(weeks)).toEqual(["week:2026-02-23", "week:2026-03-02", "week:2026-03-09"]);
    expect(isoFromDay(weeks.at(-1)!.end)).toBe("2026-03-16");
  });
});

describe("counter covers", () => {
  test("counters are read from years, months and days only", () => {
    expect(show(coverRange(d("2026-03-09"), d("2026-03-16"), ["year", "month"]))).toHaveLength(7);
    expect(show(coverRange(d("2026-01-01"), d("2026-07-01"), ["year", "month"]))).toEqual([
      "month:2026-01-01",
      "month:2026-02-01",
      "month:2026-03-01",
      "month:2026-04-01",
      "month:2026-05-01",
      "month:2026-06-01",
    ]);
  });
});

describe("ranges that run past today", () => {
  const today = d("2026-11-28");
  test("so-far periods are read as their whole period (the rest is in the future)", () => {
    expect(isoFromDay(readableEnd(d("2026-11-01"), d("2026-11-29"), today))).toBe("2026-12-01");
    expect(isoFromDay(readableEnd(d("2026-10-01"), d("2026-11-29"), today))).toBe("2027-01-01");
    expect(isoFromDay(readableEnd(d("2026-01-01"), d("2026-11-29"), today))).toBe("2027-01-01");
    // 12 months to date: December, then this year so far → December and the whole year: 2 periods.
    const end = readableEnd(d("2025-12-01"), d("2026-11-29"), today);
    expect(isoFromDay(end)).toBe("2027-01-01");
    expect(show(coverRange(d("2025-12-01"), end, ["year", "month"]))).toEqual([
      "month:2025-12-01",
      "year:2026-01-01",
    ]);
  });

  test("ranges ending today or earlier are never extended", () => {
    expect(readableEnd(d("2026-11-01"), d("2026-11-28"), today)).toBe(d("2026-11-28"));
    expect(readableEnd(d("2026-10-01"), d("2026-10-20"), today)).toBe(d("2026-10-20"));
  });

  test("today is the Guangzhou date", () => {
    expect(isoFromDay(localToday(new Date("2026-11-27T16:30:00Z")))).toBe("2026-11-28");
    expect(isoFromDay(localToday(new Date("2026-11-27T15:30:00Z")))).toBe("2026-11-27");
  });
});
