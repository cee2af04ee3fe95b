import { describe, expect, test } from "vitest";
import { bigrams, findSimilar, jaccard } from "./similar-proposals";

describe("bigrams and jaccard", () => {
  test("Chinese text splits into character pairs, punctuation ignored", () => {
    expect([...bigrams("加装扶手！")].sort()).toEqual(["加装", "扶手", "装扶"].sort());
  });
  test("English is lower-cased and split per word", () => {
    expect(bigrams("Ramp, ramp")).toEqual(new Set(["ra", "am", "mp"]));
  });
  test("identical sets score 1, disjoint 0, empty 0", () => {
    expect(jaccard(bigrams("楼道扶手"), bigrams("楼道扶手"))).toBe(1);
    expect(jaccard(bigrams("楼道扶手"), bigrams("垃圾分类"))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});

describe("findSimilar", () => {
  const candidates = [
    { id: "a", title: "三栋楼道加装扶手", body: "老人上下楼不方便" },
    { id: "b", title: "小区垃圾分类宣传", body: "每月一次宣传活动" },
    { id: "c", title: "楼道扶手维修", body: "" },
    { id: "d", title: "Wheelchair ramp at the clinic entrance", body: "The step is too high" },
    { id: "e", title: "Evening dance class for seniors", body: null },
  ];

  test("finds Chinese near-duplicates, best first, and leaves the unrelated out", () => {
    const found = findSimilar({ title: "楼道加装扶手" }, candidates);
    expect(found.map((m) => m.id)).toEqual(["a", "c"]);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
  });

  test("finds English near-duplicates", () => {
    const found = findSimilar({ title: "Ramp for wheelchairs at the clinic" }, candidates);
    expect(found.map((m) => m.id)).toEqual(["d"]);
  });

  test("nothing for an unrelated or empty title; excludes the proposal itself; at most limit", () => {
    expect(findSimilar({ title: "社区食堂" }, candidates)).toEqual([]);
    expect(findSimilar({ title: "  ！" }, candidates)).toEqual([]);
    expect(findSimilar({ title: "楼道加装扶手" }, candidates, { excludeId: "a" }).map((m) => m.id)).toEqual([
      "c",
    ]);
    const many = Array.from({ length: 9 }, (_, i) => ({ id: `x${i}`, title: `楼道加装扶手${i}` }));
    expect(findSimilar({ title: "楼道加装扶手" }, many)).toHaveLength(5);
  });
});
