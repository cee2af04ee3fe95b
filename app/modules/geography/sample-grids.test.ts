import { expect, test } from "vitest";
import { maxGridsPerCommunity, minGridsPerCommunity, sampleGridCount, sampleGrids } from "./sample-grids";

test("the same community always gets the same grids", () => {
  expect(sampleGrids("440106013001")).toEqual(sampleGrids("440106013001"));
  const grids = sampleGrids("440106013001");
  expect(grids[0]).toEqual({
    code: "44010601300101",
    index: 1,
    nameZhCn: "第1网格",
    nameZhHk: "第1網格",
    nameEn: "Grid 1",
    searchKey: "wangge1 wg1",
  });
});

test("counts stay between 3 and 11 and average about 7", () => {
  let total = 0;
  for (let i = 1; i <= 3000; i++) {
    const n = sampleGridCount(`4401${String(i).padStart(8, "0")}`);
    expect(n).toBeGreaterThanOrEqual(minGridsPerCommunity);
    expect(n).toBeLessThanOrEqual(maxGridsPerCommunity);
    total += n;
  }
  expect(total / 3000).toBeGreaterThan(6.7);
  expect(total / 3000).toBeLessThan(7.3);
});
