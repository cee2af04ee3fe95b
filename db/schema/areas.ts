import { boolean, index, integer, pgEnum, pgTable, smallint, text } from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

export const areaLevel = pgEnum("area_level", ["city", "district", "street", "community", "grid"]);

/**
 * One table for the whole hierarchy. `path` is the materialised chain of ancestor codes
 * ("/4401/440106/440106001/"), so a subtree is one indexed prefix scan.
 */
export const areas = pgTable(
  "areas",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull().unique(),
    level: areaLevel().notNull(),
    /** Finer kind inside a level: subdistrict | town | special | community | village | sample. */
    subkind: text(),
    parentId: integer().references((): AnyPgColumn => areas.id),
    path: text().notNull(),
    depth: smallint().notNull(),
    nameZhCn: text().notNull(),
    nameZhHk: text().notNull(),
    nameEn: text().notNull(),
    /** Lower-case full pinyin and initials, space separated, for search ("tianhe th"). */
    searchKey: text().notNull().default(""),
    population: integer(),
    /** Generated demo data (grids), never official. */
    isSample: boolean().notNull().default(false),
  },
  (t) => [
    index("areas_parent_idx").on(t.parentId),
    index("areas_path_idx").using("btree", t.path.op("text_pattern_ops")),
    index("areas_level_idx").on(t.level),
    index("areas_name_idx").using("btree", t.nameZhCn.op("text_pattern_ops")),
  ],
);

export type Area = typeof areas.$inferSelect;
export type AreaLevel = (typeof areaLevel.enumValues)[number];
