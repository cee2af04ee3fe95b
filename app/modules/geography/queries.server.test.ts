import { expect, test } from "vitest";
import { countChildren, getAreaByCode, listTrails, searchAreas } from "./queries.server";

const codesOf = (hits: { code: string }[]) => hits.map((h) => h.code);

test("search by Chinese name finds substrings, in simplified or traditional characters", async () => {
  const hits = await searchAreas("天河");
  expect(hits[0]).toMatchObject({ code: "440106", nameZhCn: "天河区", level: "district" });
  for (const hit of hits) expect(hit.nameZhCn).toContain("天河");
  expect(codesOf(await searchAreas("車陂"))).toContain("440106003");
  const chebei = (await searchAreas("车陂街道"))[0]!;
  expect(chebei.trail.map((a) => a.code)).toEqual(["4401", "440106"]);
});

test("search by code finds the area and what lies under it, shallowest first", async () => {
  const hits = await searchAreas("440106003");
  expect(hits[0]!.code).toBe("440106003");
  for (const hit of hits) expect(hit.code.startsWith("440106003")).toBe(true);
  expect(hits).toHaveLength(50);
  expect(codesOf(await searchAreas("4401"))[0]).toBe("4401");
});

test("search by pinyin initials or full pinyin", async () => {
  expect(codesOf(await searchAreas("thq"))).toEqual(["440106"]);
  expect(codesOf(await searchAreas("THQ"))).toEqual(["440106"]);
  expect(codesOf(await searchAreas("tianhe"))[0]).toBe("440106");
  expect(codesOf(await searchAreas("tianhequ"))).toEqual(["440106"]);
  expect(codesOf(await searchAreas("chebei"))).toContain("440106003");
  expect(codesOf(await searchAreas("Chebei Subdistrict"))).toEqual(["440106003"]);
  expect(codesOf(await searchAreas("huadu"))[0]).toBe("440114");
});

test("search treats % and _ literally and ignores empty queries", async () => {
  expect(await searchAreas("%")).toEqual([]);
  expect(await searchAreas("_")).toEqual([]);
  expect(await searchAreas("   ")).toEqual([]);
});

test("children and trails", async () => {
  const city = (await getAreaByCode("4401"))!;
  expect(await countChildren(city.id)).toBe(11);
  const grid = (await getAreaByCode("44010600301401"))!;
  expect(await countChildren(grid.id)).toBe(0);
  const [trail] = await listTrails([grid]);
  expect(trail!.map((a) => a.code)).toEqual(["4401", "440106", "440106003", "440106003014"]);
});
