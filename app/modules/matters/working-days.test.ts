import { describe, expect, test } from "vitest";
import {
  addWorkingDays,
  isOverdue,
  isWorkingDay,
  responseHours,
  shanghaiDay,
  workingDaysLeft,
  type WorkCalendar,
} from "./working-days";

/** A Shanghai wall-clock time as an instant (UTC+8). */
const sh = (local: string) => new Date(`${local}+08:00`);
const endOf = (day: string) => sh(`${day}T23:59:59.999`);
const none: WorkCalendar = new Map();

// National Day 2026: 1–7 October off, Saturday 10 October worked in their place (调休).
const nationalDay: WorkCalendar = new Map<string, boolean>([
  ["2026-10-01", false],
  ["2026-10-02", false],
  ["2026-10-03", false],
  ["2026-10-04", false],
  ["2026-10-05", false],
  ["2026-10-06", false],
  ["2026-10-07", false],
  ["2026-10-10", true],
]);

describe("isWorkingDay", () => {
  test("Monday–Friday work, weekends do not, the calendar overrides both", () => {
    expect(isWorkingDay("2026-11-27", none)).toBe(true); // Friday
    expect(isWorkingDay("2026-11-28", none)).toBe(false); // Saturday
    expect(isWorkingDay("2026-11-29", none)).toBe(false); // Sunday
    expect(isWorkingDay("2026-10-01", nationalDay)).toBe(false); // Thursday, holiday
    expect(isWorkingDay("2026-10-10", nationalDay)).toBe(true); // Saturday, 调休
  });
});

describe("addWorkingDays", () => {
  test("five working days from a Monday skip the weekend", () => {
    expect(addWorkingDays(sh("2026-11-23T10:00"), 5, none)).toEqual(endOf("2026-11-30"));
  });

  test("raised on a Friday evening, one working day means the end of Monday", () => {
    expect(addWorkingDays(sh("2026-11-27T20:00"), 1, none)).toEqual(endOf("2026-11-30"));
  });

  test("the day is the Shanghai day, not the UTC one", () => {
    // 23:59 Thursday in Guangzhou is 15:59 UTC; one minute past midnight Friday is still Thursday in UTC.
    expect(addWorkingDays(sh("2026-11-26T23:59"), 1, none)).toEqual(endOf("2026-11-27"));
    expect(addWorkingDays(sh("2026-11-27T00:01"), 1, none)).toEqual(endOf("2026-11-30"));
    expect(shanghaiDay(sh("2026-11-27T00:01"))).toBe("2026-11-27");
  });

  test("holidays are skipped and a 调休 Saturday counts", () => {
    // Wed 30 Sep + 5: Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 October.
    expect(addWorkingDays(sh("2026-09-30T10:00"), 5, nationalDay)).toEqual(endOf("2026-10-13"));
    // Without the calendar the same start would be due on Wed 7 October.
    expect(addWorkingDays(sh("2026-09-30T10:00"), 5, none)).toEqual(endOf("2026-10-07"));
  });

  test("raised on a holiday, the count starts with the next working day", () => {
    expect(addWorkingDays(sh("2026-10-03T09:00"), 1, nationalDay)).toEqual(endOf("2026-10-08"));
    expect(addWorkingDays(sh("2026-10-09T18:00"), 1, nationalDay)).toEqual(endOf("2026-10-10"));
  });

  test("zero, negative or fractional day counts are refused", () => {
    expect(() => addWorkingDays(sh("2026-11-23T10:00"), 0, none)).toThrow(RangeError);
    expect(() => addWorkingDays(sh("2026-11-23T10:00"), -1, none)).toThrow(RangeError);
    expect(() => addWorkingDays(sh("2026-11-23T10:00"), 1.5, none)).toThrow(RangeError);
  });
});

describe("isOverdue", () => {
  const due = endOf("2026-12-03");
  test("on time up to the deadline itself, overdue one second after", () => {
    expect(isOverdue({ responseDueAt: due, respondedAt: null }, new Date(due.getTime() - 1000))).toBe(false);
    expect(isOverdue({ responseDueAt: due, respondedAt: null }, due)).toBe(false);
    expect(isOverdue({ responseDueAt: due, respondedAt: null }, new Date(due.getTime() + 1000))).toBe(true);
  });
  test("a responded matter is never overdue, however late it was", () => {
    expect(
      isOverdue({ responseDueAt: due, respondedAt: sh("2026-12-10T10:00") }, sh("2026-12-20T10:00")),
    ).toBe(false);
  });
});

describe("workingDaysLeft", () => {
  const due = endOf("2026-12-03"); // a Thursday
  test("counts the working days after today up to the due day", () => {
    expect(workingDaysLeft(due, sh("2026-12-01T10:00"), none)).toEqual({ state: "open", left: 2 });
    expect(workingDaysLeft(due, sh("2026-11-27T10:00"), none)).toEqual({ state: "open", left: 4 });
  });
  test("due today, then overdue by working days (at least one)", () => {
    expect(workingDaysLeft(due, sh("2026-12-03T09:00"), none)).toEqual({ state: "dueToday" });
    expect(workingDaysLeft(due, sh("2026-12-04T09:00"), none)).toEqual({ state: "overdue", by: 1 });
    expect(workingDaysLeft(due, sh("2026-12-05T09:00"), none)).toEqual({ state: "overdue", by: 1 });
    expect(workingDaysLeft(due, sh("2026-12-07T09:00"), none)).toEqual({ state: "overdue", by: 2 });
  });
  test("holidays do not count as days left", () => {
    const dueAfterHoliday = endOf("2026-10-09");
    expect(workingDaysLeft(dueAfterHoliday, sh("2026-09-30T10:00"), nationalDay)).toEqual({
      state: "open",
      left: 2,
    });
  });
});

test("responseHours rounds to one decimal", () => {
  expect(responseHours(sh("2026-12-01T10:00"), sh("2026-12-02T11:30"))).toBe(25.5);
});
