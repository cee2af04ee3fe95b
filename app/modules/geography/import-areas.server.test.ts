import { count, eq, like } from "drizzle-orm";
import { expect, test } from "vitest";
import { areas } from "~db/schema/areas";
import { auditEntries } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { importAreas } from "./import-areas.server";
import { getAreaByCode } from "./queries.server";

async function areaCount() {
  const [row] = await db.select({ n: count() }).from(areas);
  return row!.n;
}

async function auditCount() {
  const [row] = await db
    .select({ n: count() })
    .from(auditEntries)
    .where(eq(auditEntries.action, "areas.imported"));
  return row!.n;
}

const goodCity = [
  "code,name,parent_code,population,name_zh_hk,name_en",
  "SZ,深圳市,,17790000,深圳市,Shenzhen",
  "SZ-FT,福田区,SZ,,福田區,Futian District",
  "SZ-FT-01,园岭街道,SZ-FT,,園嶺街道,Yuanling Subdistrict",
  "SZ-FT-01-01,百花社区,SZ-FT-01,8000,百花社區,Baihua Community",
].join("\r\n");

test("a good file writes every row and one audit entry", async () => {
  const before = await auditCount();
  const result = await importAreas({
    csvText: goodCity,
    actorUserId: null,
    meta: { ip: "127.0.0.1", userAgent: "test" },
  });
  expect(result).toEqual({ ok: true, count: 4, topCodes: ["SZ"] });
  expect(await getAreaByCode("SZ")).toMatchObject({
    level: "city",
    path: "/SZ/",
    parentId: null,
    population: 17_790_000,
    nameEn: "Shenzhen",
  });
  const community = await getAreaByCode("SZ-FT-01-01");
  const street = await getAreaByCode("SZ-FT-01");
  expect(community).toMatchObject({
    level: "community",
    parentId: street!.id,
    path: "/SZ/SZ-FT/SZ-FT-01/SZ-FT-01-01/",
    nameZhHk: "百花社區",
    isSample: false,
  });
  expect(await auditCount()).toBe(before + 1);
  const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, "SZ"));
  expect(entry).toMatchObject({
    action: "areas.imported",
    subjectType: "area",
    ip: "127.0.0.1",
    after: { count: 4, topCodes: ["SZ"] },
  });

  // The same file again: every code is taken, nothing changes.
  const again = await importAreas({ csvText: goodCity });
  expect(again.ok).toBe(false);
  if (!again.ok)
    expect(again.issues.map((i) => [i.line, i.key])).toContainEqual([2, "areas:import.errors.codeExists"]);
  expect(await auditCount()).toBe(before + 1);
});

test("one bad row and nothing is written", async () => {
  const areasBefore = await areaCount();
  const auditsBefore = await auditCount();
  const text = [
    "code,name,parent_code,population",
    "HZ,杭州市,,12000000",
    "HZ-SC,上城区,HZ,",
    "HZ-XH,西湖区,HZ,lots",
    "HZ-SC-01,湖滨街道,HZ-SC,",
  ].join("\n");
  const result = await importAreas({ csvText: text });
  expect(result).toEqual({
    ok: false,
    issues: [{ line: 4, key: "areas:import.errors.population", params: { value: "lots" } }],
  });
  expect(await areaCount()).toBe(areasBefore);
  expect(await auditCount()).toBe(auditsBefore);
  expect(await db.select({ code: areas.code }).from(areas).where(like(areas.code, "HZ%"))).toEqual([]);
});

test("a file may extend an existing hierarchy, but not below a grid or onto a taken code", async () => {
  const result = await importAreas({
    csvText: "code,name,parent_code\n44010600301499,第99网格,440106003014\n",
  });
  expect(result.ok).toBe(true);
  expect(await getAreaByCode("44010600301499")).toMatchObject({
    level: "grid",
    path: "/4401/440106/440106003/440106003014/44010600301499/",
  });

  const tooDeep = await importAreas({ csvText: "code,name,parent_code\nBLDG-1,1号楼,44010600301401\n" });
  expect(tooDeep).toEqual({
    ok: false,
    issues: [{ line: 2, key: "areas:import.errors.tooDeep", params: { max: 4 } }],
  });
  const taken = await importAreas({ csvText: "code,name,parent_code\n440106,天河区,4401\n" });
  expect(taken).toEqual({
    ok: false,
    issues: [{ line: 2, key: "areas:import.errors.codeExists", params: { code: "440106" } }],
  });
  const orphan = await importAreas({ csvText: "code,name,parent_code\nORPHAN,孤儿,NOWHERE\n" });
  expect(orphan).toEqual({
    ok: false,
    issues: [{ line: 2, key: "areas:import.errors.unknownParent", params: { parent: "NOWHERE" } }],
  });
});

test("an empty file or a wrong header is refused before the database is touched", async () => {
  expect(await importAreas({ csvText: "" })).toEqual({
    ok: false,
    issues: [{ line: 1, key: "areas:import.errors.empty" }],
  });
  expect(await importAreas({ csvText: "名称,代码\n" })).toEqual({
    ok: false,
    issues: [{ line: 1, key: "areas:import.errors.header" }],
  });
});
