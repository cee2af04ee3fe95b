import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  isIsoDate,
  lastDay,
  matchingPreset,
  parseGranularity,
  parsePeriod,
  periodErrors,
  presetPeriod,
  previousPeriod,
  todayIn,
} from "./period";

const today = "2026-05-17";

describe("dates", () => {
  it("accepts only real calendar days written YYYY-MM-DD", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-01")).toBe(false);
    expect(isIsoDate("20260101")).toBe(false);
    expect(isIsoDate(" 2026-01-01")).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });

  it("adds days and months across month and year ends", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-05-01", -11)).toBe("2025-06-01");
  });

  it("takes today in Guangzhou, not in UTC", () => {
    // 20:30 UTC on 17 May is 04:30 on 18 May in Guangzhou.
    expect(todayIn(new Date("2026-05-17T20:30:00Z"))).toBe("2026-05-18");
    expect(todayIn(new Date("2026-05-17T10:00:00Z"))).toBe("2026-05-17");
  });
});

describe("presets", () => {
  it("end with today (the exclusive end is tomorrow) except the whole quarter", () => {
    expect(presetPeriod("30d", today)).toEqual({ from: "2026-04-18", to: "2026-05-18" });
    expect(presetPeriod("12m", today)).toEqual({ from: "2025-06-01", to: "2026-05-18" });
  });

  it("take this quarter whole, so its participants are the quarter's exact count", () => {
    expect(presetPeriod("quarter", today)).toEqual({ from: "2026-04-01", to: "2026-07-01" });
    expect(presetPeriod("quarter", "2026-12-31")).toEqual({ from: "2026-10-01", to: "2027-01-01" });
  });

  it("are recognised from their dates", () => {
    expect(matchingPreset({ from: "2026-04-18", to: "2026-05-18" }, today)).toBe("30d");
    expect(matchingPreset({ from: "2026-04-17", to: "2026-05-18" }, today)).toBeNull();
  });

  it("the previous period ends where this one starts: whole months before whole months, else as many days", () => {
    expect(previousPeriod({ from: "2026-04-01", to: "2026-05-01" })).toEqual({
      from: "2026-03-01",
      to: "2026-04-01",
    });
    expect(previousPeriod({ from: "2026-04-01", to: "2026-07-01" })).toEqual({
      from: "2026-01-01",
      to: "2026-04-01",
    });
    expect(previousPeriod({ from: "2025-06-01", to: "2026-05-18" })).toEqual({
      from: "2024-06-15",
      to: "2025-06-01",
    });
    expect(previousPeriod({ from: "2026-04-10", to: "2026-04-20" })).toEqual({
      from: "2026-03-31",
      to: "2026-04-10",
    });
    expect(lastDay({ from: "2026-04-01", to: "2026-05-01" })).toBe("2026-04-30");
  });
});

describe("parsePeriod", () => {
  it("defaults to the last 12 months when the address names no period", () => {
    expect(parsePeriod({}, { today })).toEqual({
      ok: true,
      period: presetPeriod("12m", today),
      preset: "12m",
    });
    expect(parsePeriod({ from: "", to: " " }, { today })).toMatchObject({ ok: true, preset: "12m" });
  });

  it("can require dates instead of defaulting", () => {
    expect(parsePeriod({}, { today, defaultPreset: null })).toEqual({
      ok: false,
      errors: { from: [periodErrors.required], to: [periodErrors.required] },
    });
  });

  it("lets a preset button win over the dates in the same form", () => {
    expect(parsePeriod({ preset: "30d", from: "2020-01-01", to: "2020-02-01" }, { today })).toEqual({
      ok: true,
      period: presetPeriod("30d", today),
      preset: "30d",
    });
    expect(parsePeriod({ preset: "forever" }, { today })).toEqual({
      ok: false,
      errors: { period: [periodErrors.invalidPreset] },
    });
  });

  it("takes two valid dates as they are", () => {
    expect(parsePeriod({ from: "2026-01-01", to: "2026-04-01" }, { today })).toEqual({
      ok: true,
      period: { from: "2026-01-01", to: "2026-04-01" },
      preset: null,
    });
  });

  it("refuses a missing end, bad dates, reversed or empty ranges, and ranges over three years", () => {
    expect(parsePeriod({ from: "2026-01-01" }, { today })).toEqual({
      ok: false,
      errors: { to: [periodErrors.required] },
    });
    expect(parsePeriod({ from: "2026-02-30", to: "yesterday" }, { today })).toEqual({
      ok: false,
      errors: { from: [periodErrors.invalidDate], to: [periodErrors.invalidDate] },
    });
    expect(parsePeriod({ from: "1999-12-31", to: "2026-01-01" }, { today })).toEqual({
      ok: false,
      errors: { from: [periodErrors.outOfRange] },
    });
    expect(parsePeriod({ from: "2026-03-01", to: "2026-03-01" }, { today })).toEqual({
      ok: false,
      errors: { to: [periodErrors.order] },
    });
    expect(parsePeriod({ from: "2026-03-02", to: "2026-03-01" }, { today })).toEqual({
      ok: false,
      errors: { to: [periodErrors.order] },
    });
    expect(parsePeriod({ from: "2023-01-01", to: "2026-01-02" }, { today })).toEqual({
      ok: false,
      errors: { period: [periodErrors.tooLong] },
    });
    // Exactly three years is allowed.
    expect(parsePeriod({ from: "2023-01-01", to: "2026-01-01" }, { today })).toMatchObject({ ok: true });
  });
});

describe("parseGranularity", () => {
  it("follows the person's choice, else weeks for short periods and months for long ones", () => {
    const quarter = { from: "2026-01-01", to: "2026-04-01" };
    const year = { from: "2025-01-01", to: "2026-01-01" };
    expect(parseGranularity("month", quarter)).toBe("month");
    expect(parseGranularity("week", year)).toBe("week");
    expect(parseGranularity(null, quarter)).toBe("week");
    expect(parseGranularity("day", year)).toBe("month");
  });
});
