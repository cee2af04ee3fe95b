import { describe, expect, it } from "vitest";
import { countCouncilVote } from "./council-vote";

describe("council vote (居民议事会)", () => {
  it("has no quorum with exactly two thirds of the members present", () => {
    // 9 members: 6 present is exactly 2/3, not more.
    const outcome = countCouncilVote({ members: 9, present: 6, yes: 6, no: 0 });
    expect(outcome).toMatchObject({ quorum: false, passed: false, reason: "noQuorum", quorumNeeds: 7 });
  });

  it("has a quorum just above two thirds", () => {
    expect(countCouncilVote({ members: 9, present: 7, yes: 7, no: 0 })).toMatchObject({
      quorum: true,
      passed: true,
      reason: "passed",
    });
    // 10 members: 2/3 is 6.67, so 7 present is enough and 6 is not.
    expect(countCouncilVote({ members: 10, present: 7, yes: 4, no: 3 })).toMatchObject({
      quorum: true,
      passed: true,
    });
    expect(countCouncilVote({ members: 10, present: 6, yes: 6, no: 0 })).toMatchObject({ quorum: false });
  });

  it("fails with exactly half of those present voting yes, passes with more", () => {
    expect(countCouncilVote({ members: 9, present: 8, yes: 4, no: 3 })).toMatchObject({
      quorum: true,
      passed: false,
      reason: "noMajority",
      abstain: 1,
      majorityNeeds: 5,
    });
    expect(countCouncilVote({ members: 9, present: 8, yes: 5, no: 3 })).toMatchObject({ passed: true });
  });

  it("counts abstentions and absent votes against: a yes majority of votes cast is not enough", () => {
    // 8 present, 4 yes, 1 no, 3 abstain: yes beats no but is not more than half of those present.
    expect(countCouncilVote({ members: 9, present: 8, yes: 4, no: 1, abstain: 3 })).toMatchObject({
      passed: false,
      reason: "noMajority",
    });
  });

  it("refuses impossible counts", () => {
    expect(() => countCouncilVote({ members: 5, present: 6, yes: 0, no: 0 })).toThrow(RangeError);
    expect(() => countCouncilVote({ members: 5, present: 4, yes: 3, no: 2 })).toThrow(RangeError);
    expect(() => countCouncilVote({ members: 5, present: 4, yes: -1, no: 0 })).toThrow(RangeError);
    expect(() => countCouncilVote({ members: 5, present: 4, yes: 1.5, no: 0 })).toThrow(RangeError);
  });
});
