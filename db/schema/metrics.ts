import {
  bigint,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * Engagement rollups: what the dashboards read instead of the participation ledger.
 *
 * The rollup job reads new ledger events by id range, exactly once (`rollup_cursors`), and adds them to
 * per-area, per-period, per-kind counters for every level of the hierarchy (the event's own community or
 * grid and each ancestor). Periods are local (Asia/Shanghai) days, ISO weeks, months, quarters and years.
 * No foreign keys on the high-volume tables: they are only written by the rollup, and a per-row FK check
 * would dominate its cost.
 */

/** One row per incremental job: the last ledger id it has folded in. Locked FOR UPDATE by each run. */
export const rollupCursors = pgTable("rollup_cursors", {
  name: text().primaryKey(),
  lastEventId: bigint({ mode: "number" }).notNull().default(0),
  eventsProcessed: bigint({ mode: "number" }).notNull().default(0),
  /** What the eligible-resident snapshot was computed from; recomputed when it changes. */
  residentsFingerprint: text(),
  updatedAt: timestamp({ withTimezone: true }),
});

export const engagementGrain = pgEnum("engagement_grain", ["day", "week", "month", "quarter", "year"]);

/**
 * Counters per (area, grain, period, kind). `kind` is an event kind, or "*" for the row that carries the
 * distinct participants of all participation kinds together. `actors` (distinct people) is only kept for
 * "*" and for the kinds the components need distinct (ballot.cast), and only for week and longer grains:
 * distinct counts are exact per period, never summed across periods.
 */
export const engagementRollups = pgTable(
  "engagement_rollups",
  {
    areaId: integer().notNull(),
    grain: engagementGrain().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    kind: text().notNull(),
    events: integer().notNull().default(0),
    /** Events meeting the kind's qualifying rule (on time, stance-bearing…), see components.ts. */
    qualified: integer().notNull().default(0),
    /** Ratings of evaluation.submitted: 满意, 基本满意, 不满意. */
    ratingTop: integer().notNull().default(0),
    ratingMid: integer().notNull().default(0),
    ratingLow: integer().notNull().default(0),
    /** Sum and count of meta.responseHours, for a mean. */
    hoursSum: doublePrecision().notNull().default(0),
    hoursN: integer().notNull().default(0),
    /** Response hours binned (components.ts responseHourBins), for a median; null for kinds without hours. */
    hoursHist: integer().array(),
    actors: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaId, t.grain, t.periodStart, t.kind] })],
);

/** Small integer ids for actor pseudonyms, so presence rows stay narrow. */
export const engagementActors = pgTable("engagement_actors", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  pseudonym: text().notNull().unique(),
});

/**
 * Who was active where in each period, at the event's own area (community or grid) only. A new row tells
 * the rollup which ancestors gained a distinct participant: those not already covered by another of the
 * person's areas in that period. So a person active in two grids of one community counts once there.
 */
export const engagementPresence = pgTable(
  "engagement_presence",
  {
    grain: engagementGrain().notNull(),
    periodStart: date({ mode: "string" }).notNull(),
    /** "*" (any participation kind) or a kind counted distinct on its own. */
    scope: text().notNull(),
    actorId: integer().notNull(),
    areaId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.grain, t.periodStart, t.scope, t.actorId, t.areaId] })],
);

/** Eligible (verified) residents per area at every level, recomputed by the rollup when roles change. */
export const engagementResidents = pgTable("engagement_residents", {
  areaId: integer().primaryKey(),
  residents: integer().notNull(),
  /** Of which generated (demo and benchmark data), so the UI can say so. */
  generated: integer().notNull().default(0),
});

/** Resident counts that come with generated activity (communities or grids), never real people. */
export const generatedResidents = pgTable("generated_residents", {
  areaId: integer().primaryKey(),
  residents: integer().notNull(),
});

/** Provenance of generated activity: the demo year and benchmark seeds. */
export const generatedActivityRuns = pgTable("generated_activity_runs", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  source: text().notNull(),
  events: bigint({ mode: "number" }).notNull(),
  seed: integer().notNull(),
  days: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Every set of index weights ever used; the highest version is active. Version 1 = the defaults. */
export const engagementWeightVersions = pgTable("engagement_weight_versions", {
  version: integer().primaryKey(),
  weights: jsonb().$type<Record<string, number>>().notNull(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  note: text(),
});
