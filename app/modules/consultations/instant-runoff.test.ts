import { describe, expect, test } from "vitest";
import { instantRunoff } from "./instant-runoff";

const repeat = (ballot: number[], n: number) => Array.from({ length: n }, () => ballot);

describe("instant-runoff", () => {
  test("a first-round majority wins at once", () => {
    const result = instantRunoff(3, [...repeat([0, 1], 3), [1], [2]]);
    expect(result.winner).toBe(0);
    expect(result.rounds).toHaveLength(1);
    expect(result.rounds[0]).toMatchObject({ counts: [3, 1, 1], active: 5, exhausted: 0, winner: 0 });
  });

  test("hand-worked transfer: the last option's ballots move to their next preference", () => {
    // A 4, B 3, C 2 (C voters: C>B) → C out, B 5 of 9 > 4.5 → B wins although A led round 1.
    const ballots = [...repeat([0], 4), ...repeat([1, 0], 3), ...repeat([2, 1], 2)];
    const result = instantRunoff(3, ballots);
    expect(result.rounds.map((r) => r.counts)).toEqual([
      [4, 3, 2],
      [4, 5, null],
    ]);
    expect(result.rounds[0]!.eliminated).toBe(2);
    expect(result.winner).toBe(1);
  });

  test("exhausted ballots are counted per round and leave the majority base", () => {
    // A 3, B 2, C 2 (C voters rank only C): tie B/C for fewest, broken by option number → C out (later).
    // Round 2: A 3, B 2, exhausted 2, active 5 → A 3 > 2.5 wins.
    const ballots = [...repeat([0], 3), ...repeat([1], 2), ...repeat([2], 2)];
    const result = instantRunoff(3, ballots);
    expect(result.rounds[0]).toMatchObject({ eliminated: 2, tieBroken: true, exhausted: 0 });
    expect(result.rounds[1]).toMatchObject({ counts: [3, 2, null], exhausted: 2, active: 5, winner: 0 });
    expect(result.winner).toBe(0);
  });

  test("a tie for fewest is broken by the previous round first", () => {
    // Round 1: A 4, B 3, C 3, D 2, E 1 (E>C). E out → C 4, D 2 … D voters D>B.
    // Round 2: A 4, B 3, C 4, D 2 → D out → B 5. Round 3: A 4, B 5, C 4: tie A/C for fewest;
    // round 2 had A 4, C 4 (still tied); round 1 had A 4, C 3 → C out (fewer earlier).
    const ballots = [...repeat([0], 4), ...repeat([1], 3), ...repeat([2], 3), ...repeat([3, 1], 2), [4, 2]];
    const result = instantRunoff(5, ballots);
    expect(result.rounds[0]!.eliminated).toBe(4);
    expect(result.rounds[1]!.eliminated).toBe(3);
    expect(result.rounds[2]).toMatchObject({ counts: [4, 5, 4, null, null], tieBroken: true, eliminated: 2 });
    // Round 4: A 4, B 5, C's 4 ballots exhausted (C only) → active 9, B 5 > 4.5.
    expect(result.rounds[3]).toMatchObject({ counts: [4, 5, null, null, null], exhausted: 4, winner: 1 });
    expect(result.winner).toBe(1);
  });

  test("an exact two-way tie to the end: the later option goes, the earlier wins", () => {
    const result = instantRunoff(2, [[0], [1]]);
    expect(result.rounds[0]).toMatchObject({ eliminated: 1, tieBroken: true });
    expect(result.winner).toBe(0);
  });

  test("no ballots (or only empty ones): no winner", () => {
    const result = instantRunoff(3, [[], []]);
    expect(result.winner).toBeNull();
    expect(result.ballots).toBe(0);
  });

  test("repeated and unknown options on a ballot are ignored", () => {
    const result = instantRunoff(2, [[7, 1, 1, 0]]);
    expect(result.rounds[0]!.counts).toEqual([0, 1]);
    expect(result.winner).toBe(1);
  });
});
