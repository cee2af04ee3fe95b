import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "~db/client";
import type { AreaLevel } from "./area-levels";

/** One area to insert; its parent is named by code and must be inserted earlier or exist already. */
export interface NewArea {
  code: string;
  parentCode: string | null;
  level: AreaLevel;
  subkind: string | null;
  path: string;
  depth: number;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  searchKey: string;
  population: number | null;
  isSample: boolean;
}

const batchSize = 2_000;

/**
 * Inserts many areas inside the caller's transaction, shallowest first. Each batch travels as one JSON
 * parameter and is expanded by the database, which resolves `parent_id` by joining on the parent's
 * code: one round trip per batch instead of one bound parameter per cell (PGlite pays for each).
 */
export async function insertAreas(tx: Tx, rows: NewArea[]) {
  const byDepth = [...rows].sort((a, b) => a.depth - b.depth);
  for (let start = 0; start < byDepth.length; ) {
    // A batch never mixes depths, so every parent is already committed to the table when it is joined.
    const depth = byDepth[start]!.depth;
    let end = start;
    while (end < byDepth.length && end - start < batchSize && byDepth[end]!.depth === depth) end++;
    const batch = byDepth.slice(start, end).map((r) => ({
      code: r.code,
      parent_code: r.parentCode,
      level: r.level,
      subkind: r.subkind,
      path: r.path,
      depth: r.depth,
      name_zh_cn: r.nameZhCn,
      name_zh_hk: r.nameZhHk,
      name_en: r.nameEn,
      search_key: r.searchKey,
      population: r.population,
      is_sample: r.isSample,
    }));
    const inserted = await tx.execute(sql`
      insert into areas (code, level, subkind, parent_id, path, depth, name_zh_cn, name_zh_hk, name_en, search_key, population, is_sample)
      select r.code, r.level::area_level, r.subkind, p.id, r.path, r.depth, r.name_zh_cn, r.name_zh_hk, r.name_en,
             r.search_key, r.population, r.is_sample
      from json_to_recordset(${JSON.stringify(batch)}::json) as r(
        code text, parent_code text, level text, subkind text, path text, depth smallint, name_zh_cn text,
        name_zh_hk text, name_en text, search_key text, population integer, is_sample boolean)
      left join areas p on p.code = r.parent_code
      where r.parent_code is null or p.id is not null
      returning 1 as one`);
    // A parent that is missing would otherwise turn its child into a silent new root.
    if (rowsOf(inserted).length !== batch.length) throw new Error("insertAreas: a parent area is missing");
    start = end;
  }
}
