import { and, count, eq, sql, type SQL } from "drizzle-orm";
import { expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { countDescendantsByLevel, getAreaByCode, listAncestors } from "./queries.server";
import { readGuangzhouAreas, seedGuangzhou } from "./seed-guangzhou.server";

// Every test database starts from a template that global-setup seeded with seedGuangzhou.

async function countWhere(where?: SQL) {
  const [row] = await db.select({ n: count() }).from(areas).where(where);
  return row!.n;
}

test("the seed loads Guangzhou's real NBS hierarchy", async () => {
  expect(await countWhere(eq(areas.level, "city"))).toBe(1);
  expect(await countWhere(eq(areas.level, "district"))).toBe(11);
  // NBS 2023: 142 subdistricts (街道) + 34 towns (镇) + 2 街道-level units (黄龙带水库, 大岭山林场).
  const streets = await countWhere(eq(areas.level, "street"));
  expect(streets).toBe(178);
  expect(streets).toBeGreaterThanOrEqual(176);
  expect(streets).toBeLessThanOrEqual(180);
  expect(await countWhere(eq(areas.subkind, "subdistrict"))).toBe(142);
  expect(await countWhere(eq(areas.subkind, "town"))).toBe(34);
  expect(await countWhere(and(eq(areas.level, "street"), eq(areas.subkind, "special")))).toBe(2);
  // 1,699 residents' committees + 1,145 villagers' committees + 7 farm/reservoir living areas.
  const communities = await countWhere(eq(areas.level, "community"));
  expect(communities).toBe(2851);
  expect(communities).toBeGreaterThanOrEqual(2700);
  expect(communities).toBeLessThanOrEqual(3000);
  expect(await countWhere(eq(areas.subkind, "community"))).toBe(1699);
  expect(await countWhere(eq(areas.subkind, "village"))).toBe(1145);

  const city = await getAreaByCode("4401");
  expect(city).toMatchObject({
    nameZhCn: "广州市",
    nameZhHk: "廣州市",
    nameEn: "Guangzhou",
    population: 18_734_100,
    path: "/4401/",
  });
  expect(await getAreaByCode("440106")).toMatchObject({
    nameZhCn: "天河区",
    nameZhHk: "天河區",
    nameEn: "Tianhe District",
    level: "district",
  });
  expect(await getAreaByCode("440106003")).toMatchObject({
    nameZhCn: "车陂街道",
    nameEn: "Chebei Subdistrict",
    subkind: "subdistrict",
  });
});

test("about 20,000 sample grids, 3 to 11 per community, all flagged as sample data", async () => {
  const grids = await countWhere(eq(areas.level, "grid"));
  expect(grids).toBe(19_905);
  expect(await countWhere(and(eq(areas.level, "grid"), eq(areas.isSample, true)))).toBe(grids);
  expect(await countWhere(eq(areas.isSample, true))).toBe(grids);
  const perCommunity = rowsOf<{ min: number; max: number; communities: number }>(
    await db.execute(sql`
      select min(n)::int as min, max(n)::int as max, count(*)::int as communities
      from (select c.id, count(g.id) as n from areas c left join areas g on g.parent_id = c.id
            where c.level = 'community' group by c.id) t`),
  )[0]!;
  expect(perCommunity).toEqual({ min: 3, max: 11, communities: 2851 });
  expect(await getAreaByCode("44010600301401")).toMatchObject({
    level: "grid",
    subkind: "sample",
    nameZhCn: "第1网格",
    nameZhHk: "第1網格",
    nameEn: "Grid 1",
    isSample: true,
    path: "/4401/440106/440106003/440106003014/44010600301401/",
  });
});

test("every path is its parent's path plus its own code, and depth follows", async () => {
  const [bad] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from areas c left join areas p on p.id = c.parent_id
      where (p.id is null and (c.path <> '/' || c.code || '/' or c.depth <> 0))
         or (p.id is not null and (c.path <> p.path || c.code || '/' or c.depth <> p.depth + 1))`),
  );
  expect(bad!.n).toBe(0);
  const [levels] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from areas
      where depth <> array_position(array['city','district','street','community','grid']::area_level[], level) - 1`),
  );
  expect(levels!.n).toBe(0);
});

test("a subtree is one prefix scan of the path", async () => {
  const tianhe = (await getAreaByCode("440106"))!;
  const inside = await countDescendantsByLevel(tianhe);
  expect(inside.street).toBe(21);
  expect(inside.community).toBe(230);
  expect(inside.grid).toBeGreaterThan(230 * 3);
  expect(inside.city).toBeUndefined();
  const community = (await getAreaByCode("440106003014"))!;
  expect((await listAncestors(community)).map((a) => a.code)).toEqual(["4401", "440106", "440106003"]);
});

test("seeding again does nothing", async () => {
  const before = await countWhere();
  const lines: string[] = [];
  await seedGuangzhou({ log: (line) => lines.push(line) });
  expect(lines).toEqual([]);
  expect(await countWhere()).toBe(before);
});

test("the committed file lists parents before children", () => {
  const rows = readGuangzhouAreas();
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.parentCode) expect(seen.has(row.parentCode), row.code).toBe(true);
    seen.add(row.code);
  }
  expect(rows.filter((r) => r.searchKey === "").length).toBe(0);
});
