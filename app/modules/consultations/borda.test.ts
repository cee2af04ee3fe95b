import { describe, expect, test } from "vitest";
import { bordaRanking, bordaScores } from "./borda";

describe("Borda count", () => {
  test("full rankings of 3 options: 2, 1, 0 points (hand-worked)", () => {
    // A>B>C ×2, B>C>A ×2, C>A>B ×1 → A = 2+2+0+0+1 = 5, B = 1+1+2+2+0 = 6, C = 0+0+1+1+2 = 4.
    const ballots = [
      [0, 1, 2],
      [0, 1, 2],
      [1, 2, 0],
      [1, 2, 0],
      [2, 0, 1],
    ];
    expect(bordaScores(3, ballots)).toEqual([5, 6, 4]);
    expect(bordaRanking(3, ballots).map((r) => [r.option, r.score, r.place])).toEqual([
      [1, 6, 1],
      [0, 5, 2],
      [2, 4, 3],
    ]);
  });

  test("partial rankings: ranked options keep their full-ranking points, unranked get 0", () => {
    // 4 options. [2] → C 3. [1, 0] → B 3, A 2. [3, 2, 1, 0] → D 3, C 2, B 1, A 0.
    expect(bordaScores(4, [[2], [1, 0], [3, 2, 1, 0]])).toEqual([2, 4, 5, 3]);
  });

  test("ties share a place; empty ballots, repeats and unknown options add nothing", () => {
    const rows = bordaRanking(3, [[0, 1], [1, 0], [], [2, 2, 9]]);
    // A: 2+1 = 3, B: 1+2 = 3, C: 2 (repeat of 2 and option 9 ignored).
    expect(rows.map((r) => [r.option, r.score, r.place])).toEqual([
      [0, 3, 1],
      [1, 3, 1],
      [2, 2, 3],
    ]);
  });

  test("no ballots: every option scores 0 and shares first place", () => {
    expect(bordaRanking(2, []).map((r) => r.place)).toEqual([1, 1]);
  });
});
