import { describe, expect, test } from "vitest";
import { drawReviewers, newDrawSeed, verifyDraw } from "./reviewer-draw";

const pool = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
const seed = "a".repeat(64);

describe("drawReviewers", () => {
  test("the same seed and pool give the same reviewers", () => {
    expect(drawReviewers(seed, pool, 3)).toEqual(drawReviewers(seed, pool, 3));
  });

  test("the order of the input pool does not matter", () => {
    const shuffled = [...pool].reverse();
    const other = [pool[5]!, ...pool.filter((_, i) => i !== 5)];
    expect(drawReviewers(seed, shuffled, 4)).toEqual(drawReviewers(seed, pool, 4));
    expect(drawReviewers(seed, other, 4)).toEqual(drawReviewers(seed, pool, 4));
  });

  test("draws distinct members of the pool, at most the pool's size", () => {
    const drawn = drawReviewers(seed, pool, 5);
    expect(new Set(drawn).size).toBe(5);
    for (const id of drawn) expect(pool).toContain(id);
    expect(drawReviewers(seed, pool.slice(0, 2), 5)).toHaveLength(2);
    expect(drawReviewers(seed, [], 3)).toEqual([]);
  });

  test("different seeds give different draws, and every member gets drawn sometimes", () => {
    const seen = new Set<string>();
    const firsts = new Set<string>();
    for (let k = 0; k < 200; k++) {
      const d = drawReviewers(`seed-${k}`, pool, 3);
      d.forEach((id) => seen.add(id));
      firsts.add(d.join(","));
    }
    expect(seen.size).toBe(pool.length);
    expect(firsts.size).toBeGreaterThan(150);
  });

  test("a recorded draw verifies; a tampered one does not", () => {
    const s = newDrawSeed();
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    const drawn = drawReviewers(s, pool, 3);
    expect(verifyDraw({ seed: s, pool, drawn })).toBe(true);
    expect(verifyDraw({ seed: s, pool, drawn: [...drawn].reverse() })).toBe(false);
  });

  test("a fixed example stays stable across versions (anyone can re-run it)", () => {
    // Pinned so a change to the algorithm, which would break re-verification of old draws, fails here.
    expect(drawReviewers("00", ["c", "a", "b", "d"], 4)).toEqual(["a", "c", "b", "d"]);
  });
});
