import { describe, expect, test } from "vitest";
import {
  editableAfterPublish,
  isNoticeOpen,
  isVotingOpen,
  schemePhase,
  type SchemeClock,
} from "./scheme-phase";

const T = Date.parse("2026-12-01T00:00:00+08:00");
const DAY = 86_400_000;
const at = (ms: number) => new Date(ms);

const clock = (overrides: Partial<SchemeClock> = {}): SchemeClock => ({
  status: "published",
  collectionOpensAt: at(T),
  collectionClosesAt: at(T + 10 * DAY),
  votingOpensAt: at(T + 15 * DAY),
  votingClosesAt: at(T + 20 * DAY),
  resultsPublishedAt: null,
  noticeEndsAt: null,
  confirmedAt: null,
  ...overrides,
});

describe("schemePhase", () => {
  test("draft and cancelled whatever the clock says", () => {
    expect(schemePhase(clock({ status: "draft" }), at(T + 16 * DAY))).toBe("draft");
    expect(schemePhase(clock({ status: "cancelled" }), at(T + 16 * DAY))).toBe("cancelled");
    expect(schemePhase(clock({ status: "cancelled", confirmedAt: at(T) }), at(T))).toBe("cancelled");
  });

  test("windows are half-open [opens, closes), judged to the millisecond", () => {
    const s = clock();
    expect(schemePhase(s, at(T - 1))).toBe("upcoming");
    expect(schemePhase(s, at(T))).toBe("collecting");
    expect(schemePhase(s, at(T + 10 * DAY - 1))).toBe("collecting");
    expect(schemePhase(s, at(T + 10 * DAY))).toBe("deliberating");
    expect(schemePhase(s, at(T + 15 * DAY - 1))).toBe("deliberating");
    expect(schemePhase(s, at(T + 15 * DAY))).toBe("voting");
    expect(schemePhase(s, at(T + 20 * DAY - 1))).toBe("voting");
    expect(schemePhase(s, at(T + 20 * DAY))).toBe("counting");
    expect(schemePhase(s, at(T + 400 * DAY))).toBe("counting");
  });

  test("collection closing when voting opens skips deliberation", () => {
    const s = clock({ votingOpensAt: at(T + 10 * DAY) });
    expect(schemePhase(s, at(T + 10 * DAY - 1))).toBe("collecting");
    expect(schemePhase(s, at(T + 10 * DAY))).toBe("voting");
  });

  test("published results mean notice; confirmation means implementing", () => {
    expect(schemePhase(clock({ resultsPublishedAt: at(T + 21 * DAY) }), at(T + 22 * DAY))).toBe("notice");
    expect(
      schemePhase(
        clock({ resultsPublishedAt: at(T + 21 * DAY), confirmedAt: at(T + 30 * DAY) }),
        at(T + 31 * DAY),
      ),
    ).toBe("implementing");
  });
});

describe("isVotingOpen / isNoticeOpen", () => {
  test("a ballot at 23:59:59.999 counts, one at the close does not", () => {
    const s = clock();
    expect(isVotingOpen(s, at(T + 15 * DAY - 1))).toBe(false);
    expect(isVotingOpen(s, at(T + 15 * DAY))).toBe(true);
    expect(isVotingOpen(s, at(T + 20 * DAY - 1))).toBe(true);
    expect(isVotingOpen(s, at(T + 20 * DAY))).toBe(false);
    expect(isVotingOpen(clock({ status: "cancelled" }), at(T + 16 * DAY))).toBe(false);
  });

  test("notice is open from results until its end, unless confirmed", () => {
    const ends = T + 28 * DAY;
    const s = clock({ resultsPublishedAt: at(T + 21 * DAY), noticeEndsAt: at(ends) });
    expect(isNoticeOpen(clock(), at(T + 22 * DAY))).toBe(false);
    expect(isNoticeOpen(s, at(ends - 1000))).toBe(true);
    expect(isNoticeOpen(s, at(ends))).toBe(false);
    expect(isNoticeOpen({ ...s, confirmedAt: at(ends - 2000) }, at(ends - 1000))).toBe(false);
    expect(isNoticeOpen({ ...s, noticeEndsAt: null }, at(T + 22 * DAY))).toBe(false);
  });
});

test("after publishing only texts, the voting close and the notice length may change", () => {
  expect([...editableAfterPublish].sort()).toEqual(
    ["description", "exclusions", "noticeDays", "title", "votingClosesAt"].sort(),
  );
});
