import { and, asc, count, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import type { AreaLevel } from "./area-levels";

export const areaColumns = {
  id: areas.id,
  code: areas.code,
  level: areas.level,
  subkind: areas.subkind,
  parentId: areas.parentId,
  path: areas.path,
  nameZhCn: areas.nameZhCn,
  nameZhHk: areas.nameZhHk,
  nameEn: areas.nameEn,
  population: areas.population,
  isSample: areas.isSample,
};

export type AreaSummary = {
  id: number;
  code: string;
  level: "city" | "district" | "street" | "community" | "grid";
  subkind: string | null;
  parentId: number | null;
  path: string;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  population: number | null;
  isSample: boolean;
};

export async function getAreaByCode(code: string): Promise<AreaSummary | null> {
  const [row] = await db.select(areaColumns).from(areas).where(eq(areas.code, code));
  return row ?? null;
}

export async function getAreaById(id: number): Promise<AreaSummary | null> {
  const [row] = await db.select(areaColumns).from(areas).where(eq(areas.id, id));
  return row ?? null;
}

export async function listChildAreas(parentId: number): Promise<AreaSummary[]> {
  return db.select(areaColumns).from(areas).where(eq(areas.parentId, parentId)).orderBy(asc(areas.code));
}

/** Codes of the ancestors named in a materialised path, top first, without the area's own code. */
export function ancestorCodes(area: Pick<AreaSummary, "path" | "code">): string[] {
  return area.path.split("/").filter((c) => c && c !== area.code);
}

/** Ancestors from the top (city) down to the area's parent, read from the materialised path. */
export async function listAncestors(area: Pick<AreaSummary, "path" | "code">): Promise<AreaSummary[]> {
  const codes = ancestorCodes(area);
  if (codes.length === 0) return [];
  const rows = await db.select(areaColumns).from(areas).where(inArray(areas.code, codes));
  return rows.sort((a, b) => a.path.length - b.path.length);
}

/** Whether `area` is `ancestor` itself or lies inside it. */
export function isWithin(area: Pick<AreaSummary, "path">, ancestor: Pick<AreaSummary, "path">): boolean {
  return area.path.startsWith(ancestor.path);
}

/** The root city areas (usually one). */
export async function listRootAreas(): Promise<AreaSummary[]> {
  return db
    .select(areaColumns)
    .from(areas)
    .where(and(eq(areas.level, "city")))
    .orderBy(asc(areas.code));
}

export async function countChildren(areaId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(areas).where(eq(areas.parentId, areaId));
  return row?.n ?? 0;
}

/** Number of children of each of several areas, in one query (for lists that show "12 streets"). */
export async function countChildrenByParent(parentIds: number[]): Promise<Map<number, number>> {
  if (parentIds.length === 0) return new Map();
  const rows = await db
    .select({ parentId: areas.parentId, n: count() })
    .from(areas)
    .where(inArray(areas.parentId, parentIds))
    .groupBy(areas.parentId);
  return new Map(rows.map((r) => [r.parentId!, r.n]));
}

/** LIKE pattern for a literal prefix or substring: the user's % and _ match only themselves. */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Every area strictly inside `area`, found by one indexed prefix scan of the materialised path. */
export function subtreeCondition(area: Pick<AreaSummary, "path">): SQL {
  return like(areas.path, `${literal(area.path)}_%`);
}

/** How many areas of each level lie inside `area` (not counting itself). */
export async function countDescendantsByLevel(
  area: Pick<AreaSummary, "path">,
  queryable: Queryable = db,
): Promise<Partial<Record<AreaLevel, number>>> {
  const rows = await queryable
    .select({ level: areas.level, n: count() })
    .from(areas)
    .where(subtreeCondition(area))
    .groupBy(areas.level);
  return Object.fromEntries(rows.map((r) => [r.level, r.n]));
}

/** A trail of ancestors for each area, top first, with one query for all of them. */
export async function listTrails(list: Pick<AreaSummary, "path" | "code">[]): Promise<AreaSummary[][]> {
  const codes = [...new Set(list.flatMap(ancestorCodes))];
  if (codes.length === 0) return list.map(() => []);
  const rows = await db.select(areaColumns).from(areas).where(inArray(areas.code, codes));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return list.map((area) => ancestorCodes(area).flatMap((code) => byCode.get(code) ?? []));
}

export const searchLimit = 50;
export const maxSearchLength = 50;

export type AreaSearchHit = AreaSummary & { trail: AreaSummary[] };

const hanCharacter = /\p{Script=Han}/u;

/**
 * Finds areas by Chinese name (substring, simplified or traditional), code (prefix) or pinyin (prefix of
 * the full pinyin or of the initials: "thq" and "tianhe" both find 天河区) or English name (substring).
 * A code or pinyin prefix is an index-friendly scan; a substring scans the ~23,000 rows, which is fast.
 */
export async function searchAreas(query: string, limit = searchLimit): Promise<AreaSearchHit[]> {
  const q = query.trim().replace(/\s+/g, " ").slice(0, maxSearchLength);
  if (!q) return [];
  const conditions: SQL[] = [];
  if (hanCharacter.test(q)) {
    const pattern = `%${literal(q)}%`;
    conditions.push(like(areas.nameZhCn, pattern), like(areas.nameZhHk, pattern));
  } else {
    if (/^[0-9A-Za-z-]+$/.test(q)) conditions.push(like(areas.code, `${literal(q)}%`));
    const letters = q.toLowerCase().replace(/ü/g, "v").replace(/[\s']/g, "");
    if (/^[a-z]+$/.test(letters)) {
      conditions.push(like(areas.searchKey, `${letters}%`), like(areas.searchKey, `% ${letters}%`));
    }
    conditions.push(sql`lower(${areas.nameEn}) like ${`%${literal(q.toLowerCase())}%`}`);
  }
  const hits = await db
    .select(areaColumns)
    .from(areas)
    .where(or(...conditions))
    .orderBy(asc(areas.depth), asc(areas.code))
    .limit(limit);
  const trails = await listTrails(hits);
  return hits.map((hit, i) => ({ ...hit, trail: trails[i] ?? [] }));
}
