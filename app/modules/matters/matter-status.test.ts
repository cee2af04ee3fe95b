import { describe, expect, test } from "vitest";
import {
  canRate,
  isOpenStatus,
  matterEvents,
  matterStatuses,
  matterTransition,
  type MatterEvent,
  type MatterStatus,
} from "./matter-status";

/** Every allowed move; anything not listed here must be refused. */
const allowed: Record<MatterEvent, Partial<Record<MatterStatus, MatterStatus>>> = {
  acknowledge: { raised: "acknowledged" },
  answer: { raised: "answered", acknowledged: "answered" },
  consult: { raised: "consulting", acknowledged: "consulting" },
  propose: { raised: "proposed", acknowledged: "proposed" },
  refer: { raised: "referred", acknowledged: "referred" },
  decline: { raised: "declined", acknowledged: "declined" },
};

describe("matterTransition", () => {
  for (const event of matterEvents) {
    for (const from of matterStatuses) {
      const to = allowed[event][from];
      test(`${event} from ${from} by the committee: ${to ? `→ ${to}` : "refused"}`, () => {
        const result = matterTransition(from, event, "committee");
        if (to) expect(result).toEqual({ ok: true, from, to });
        else expect(result).toEqual({ ok: false, reason: "matters:errors.transitionNotAllowed" });
      });
    }
    test(`${event} is never the author's or another resident's act`, () => {
      expect(matterTransition("raised", event, "author")).toEqual({
        ok: false,
        reason: "matters:errors.notYourAct",
      });
      expect(matterTransition("acknowledged", event, "resident")).toEqual({
        ok: false,
        reason: "matters:errors.notYourAct",
      });
    });
  }
});

describe("canRate", () => {
  test("the author rates once after any response", () => {
    for (const status of ["answered", "consulting", "proposed", "referred", "declined"] as const) {
      expect(canRate({ status, rating: null }, "author")).toEqual({ ok: true });
      expect(canRate({ status, rating: "satisfied" }, "author")).toEqual({
        ok: false,
        reason: "matters:errors.alreadyRated",
      });
    }
  });
  test("not before a response, and never by someone else", () => {
    expect(canRate({ status: "raised", rating: null }, "author")).toEqual({
      ok: false,
      reason: "matters:errors.notRespondedYet",
    });
    expect(canRate({ status: "acknowledged", rating: null }, "author")).toEqual({
      ok: false,
      reason: "matters:errors.notRespondedYet",
    });
    expect(canRate({ status: "answered", rating: null }, "resident")).toEqual({
      ok: false,
      reason: "matters:errors.onlyAuthorRates",
    });
    expect(canRate({ status: "answered", rating: null }, "committee")).toEqual({
      ok: false,
      reason: "matters:errors.onlyAuthorRates",
    });
  });
  test("open statuses are exactly raised and acknowledged", () => {
    expect(matterStatuses.filter(isOpenStatus)).toEqual(["raised", "acknowledged"]);
  });
});
