import { describe, expect, test } from "vitest";
import {
  finalStatuses,
  isEditable,
  isPublic,
  proposalEvents,
  proposalStatuses,
  proposalTransition,
  type ProposalActor,
  type ProposalEvent,
  type ProposalStatus,
} from "./proposal-status";

/** The whole machine written out: event → [from, to, actors allowed]. */
const allowed: [ProposalEvent, ProposalStatus, ProposalStatus, ProposalActor[]][] = [
  ["publish", "draft", "collecting", ["author"]],
  ["withdraw", "draft", "withdrawn", ["author"]],
  ["withdraw", "collecting", "withdrawn", ["author"]],
  ["reachThreshold", "collecting", "screening", ["system"]],
  ["expire", "collecting", "expired", ["system"]],
  ["markEligible", "screening", "eligible", ["official"]],
  ["markIneligible", "screening", "ineligible", ["official"]],
  ["merge", "screening", "merged", ["official"]],
  ["select", "eligible", "selected", ["official", "system"]],
  ["notSelect", "eligible", "not_selected", ["official", "system"]],
];
const actors: ProposalActor[] = ["author", "official", "system"];

describe("proposalTransition", () => {
  test.each(allowed)("%s from %s → %s by %j", (event, from, to, by) => {
    for (const actor of actors) {
      const result = proposalTransition(from, event, actor);
      if (by.includes(actor)) expect(result).toEqual({ ok: true, from, to });
      else expect(result).toEqual({ ok: false, reason: "proposals:errors.notYourAct" });
    }
  });

  test("every other (status, event) pair is refused for every actor", () => {
    let refused = 0;
    for (const event of proposalEvents)
      for (const from of proposalStatuses) {
        if (allowed.some(([e, f]) => e === event && f === from)) continue;
        for (const actor of actors) {
          expect(proposalTransition(from, event, actor)).toEqual({
            ok: false,
            reason: "proposals:errors.transitionNotAllowed",
          });
          refused += 1;
        }
      }
    // 9 events × 10 statuses − 10 allowed pairs, times 3 actors.
    expect(refused).toBe((proposalEvents.length * proposalStatuses.length - allowed.length) * actors.length);
  });

  test("nothing leaves a final status", () => {
    for (const from of finalStatuses)
      for (const event of proposalEvents)
        for (const actor of actors) expect(proposalTransition(from, event, actor).ok).toBe(false);
  });

  test("an author cannot screen their own proposal, nor an official publish it", () => {
    expect(proposalTransition("screening", "markEligible", "author").ok).toBe(false);
    expect(proposalTransition("draft", "publish", "official").ok).toBe(false);
    expect(proposalTransition("collecting", "reachThreshold", "official").ok).toBe(false);
  });
});

describe("isEditable / isPublic", () => {
  test("editable as a draft, or collecting with no supports yet", () => {
    expect(isEditable("draft", 0)).toBe(true);
    expect(isEditable("draft", 5)).toBe(true);
    expect(isEditable("collecting", 0)).toBe(true);
    expect(isEditable("collecting", 1)).toBe(false);
    for (const s of proposalStatuses.filter((s) => s !== "draft" && s !== "collecting"))
      expect(isEditable(s, 0)).toBe(false);
  });

  test("everything but a draft is public", () => {
    for (const s of proposalStatuses) expect(isPublic(s)).toBe(s !== "draft");
  });
});
