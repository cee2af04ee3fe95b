import { describe, expect, it } from "vitest";
import { countApprovalTopK } from "./approval-top-k";

describe("approval of up to K", () => {
  const projects = [
    { id: "a", cost: 300 },
    { id: "b", cost: 200 },
    { id: "c", cost: 200 },
    { id: "d" },
    { id: "e" },
  ];

  it("chooses the K proposals with most approvals, breaking a tie at the cutoff by cost then order", () => {
    // Votes: a 3, b 2, c 2, d 1, e 0. K = 2: a, then b and c tie on votes and cost → natural order picks b.
    const outcome = countApprovalTopK({
      projects,
      k: 2,
      ballots: [
        ["a", "b"],
        ["a", "c"],
        ["a", "b"],
        ["c", "d"],
      ],
    });
    expect(outcome.selected).toEqual(["a", "b"]);
    expect(outcome.steps.map((s) => [s.projectId, s.votes, s.selected])).toEqual([
      ["a", 3, true],
      ["b", 2, true],
      ["c", 2, false],
      ["d", 1, false],
      ["e", 0, false],
    ]);
    expect(outcome.steps[1]).toMatchObject({
      tie: { tiedWith: ["c"], decidedBy: "order" },
      tieAtCutoff: true,
    });
    expect(
      countApprovalTopK({
        projects,
        k: 2,
        ballots: [
          ["a", "b"],
          ["a", "c"],
          ["a", "b"],
          ["c", "d"],
        ],
        tieBreakOrder: ["c"],
      }).selected,
    ).toEqual(["a", "c"]);
  });

  it("prefers the cheaper of tied proposals", () => {
    const outcome = countApprovalTopK({ projects, k: 1, ballots: [["a"], ["b"]] });
    expect(outcome.selected).toEqual(["b"]);
    expect(outcome.steps[0]).toMatchObject({ tie: { decidedBy: "cost" }, tieAtCutoff: true });
  });

  it("never chooses a proposal nobody approved, even if K is larger", () => {
    // a and d tie on one vote; d has no cost given (counts as 0), so it ranks first.
    expect(countApprovalTopK({ projects, k: 4, ballots: [["a"], ["d"]] }).selected).toEqual(["d", "a"]);
  });

  it("refuses a ballot with more than K approvals", () => {
    expect(() => countApprovalTopK({ projects, k: 1, ballots: [["a", "b"]] })).toThrow(RangeError);
  });
});
