/**
 * A residents' council vote (居民议事会): the meeting has a quorum only when MORE than two thirds of its
 * members are present, and a motion passes when MORE than half of the members present vote yes
 * (abstaining or not voting counts against, as it is not a yes). Integer arithmetic: "more than 2/3" is
 * 3·present > 2·members, "more than half" is 2·yes > present, so exactly 2/3 or exactly half fail.
 */

export interface CouncilVoteInput {
  readonly members: number;
  readonly present: number;
  readonly yes: number;
  readonly no: number;
  /** Defaults to the present members who voted neither yes nor no. */
  readonly abstain?: number;
}

export interface CouncilVoteOutcome {
  readonly members: number;
  readonly present: number;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly quorum: boolean;
  readonly passed: boolean;
  readonly reason: "passed" | "noQuorum" | "noMajority";
  /** Fewest present members for a quorum, and fewest yes votes to pass with this attendance. */
  readonly quorumNeeds: number;
  readonly majorityNeeds: number;
}

function assertCount(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
}

export function countCouncilVote(input: CouncilVoteInput): CouncilVoteOutcome {
  const { members, present, yes, no } = input;
  assertCount(members, "members");
  assertCount(present, "present");
  assertCount(yes, "yes");
  assertCount(no, "no");
  if (members === 0) throw new RangeError("a council has at least one member");
  if (present > members) throw new RangeError(`${present} present but only ${members} members`);
  const abstain = input.abstain ?? present - yes - no;
  assertCount(abstain, "abstain");
  if (yes + no + abstain > present)
    throw new RangeError(`${yes + no + abstain} votes but only ${present} present`);
  const quorum = 3 * present > 2 * members;
  const majority = 2 * yes > present;
  const passed = quorum && majority;
  return {
    members,
    present,
    yes,
    no,
    abstain,
    quorum,
    passed,
    reason: !quorum ? "noQuorum" : majority ? "passed" : "noMajority",
    quorumNeeds: Math.floor((2 * members) / 3) + 1,
    majorityNeeds: Math.floor(present / 2) + 1,
  };
}
