import { and, asc, eq, inArray } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";

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

/** Ancestors from the top (city) down to the area's parent, read from the materialised path. */
export async function listAncestors(area: Pick<AreaSummary, "path" | "code">): Promise<AreaSummary[]> {
  const codes = area.path.split("/").filter((c) => c && c !== area.code);
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
  return db.select(areaColumns).from(areas).where(and(eq(areas.level, "city"))).orderBy(asc(areas.code));
}
