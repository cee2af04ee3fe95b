import { sql } from "drizzle-orm";
import { rowsOf } from "~db/client";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import {
  componentKeys,
  defaultWeights,
  distinctKinds,
  medianFromHistogram,
  type ComponentKey,
} from "./components";
import {
  computeComponents,
  computeIndex,
  emptyKindCounts,
  type ComponentResult,
  type KindCounts,
} from "./index-formula";
import {
  coverRange,
  dayNumber,
  isoFromDay,
  localToday,
  readableEnd,
  seriesPeriods,
  type Period,
} from "./periods";
import { counterGrains, rollupCursorName } from "./rollup.server";

export type { ComponentKey } from "./components";
export type { ComponentResult } from "./index-formula";

/**
 * What the dashboards, the API and the open-data exports read. Every query here reads only the rollup
 * tables (never the participation ledger), a handful of indexed rows per area and period, so its cost
 * does not grow with the length of the ledger.
 *
 * Periods: `from` inclusive, `to` exclusive, ISO dates of local (Guangzhou) days. Distinct participants
 * (and so breadth and turnout) are exact when [from, to) is exactly one ISO week, calendar month,
 * quarter or year; for other ranges they are a lower bound and `participantsExact` is false (see
 * periods.ts). A range that runs past today is read as its whole week/month/quarter/year (the rest is
 * in the future), so "this month/quarter/year so far" is exact too. Dashboards should offer such
 * calendar periods ("last 30 days" is a lower bound). Series periods are whole weeks or months: exact.
 */

export type EngagementReport = {
  area: {
    id: number;
    code: string;
    level: string;
    nameZhCn: string;
    nameZhHk: string;
    nameEn: string;
    isSample: boolean;
    path: string;
  };
  from: string;
  to: string;
  weightsVersion: number;
  index: number | null;
  components: ComponentResult[];
  participants: number;
  events: number;
  eventsByKind: Record<string, number>;
  eligibleResidents: number | null;
  freshAsOf: string | null;
  /** Added: false when [from, to) is not one whole week/month/quarter/year (participants is then a lower bound). */
  participantsExact: boolean;
  /** Added: where eligibleResidents comes from; "generated" when demo or benchmark residents are in the count. */
  eligibleSource: "residents" | "generated" | "population" | null;
};

export type WeightsVersion = {
  version: number;
  weights: Record<ComponentKey, number>;
  createdAt: string;
  note: string | null;
};

type AreaRow = {
  id: number;
  code: string;
  level: string;
  name_zh_cn: string;
  name_zh_hk: string;
  name_en: string;
  is_sample: boolean;
  path: string;
  population: number | null;
  residents: number | null;
  generated: number | null;
  fresh: string | Date | null;
  weights_version: number | null;
  weights: Record<string, number> | string | null;
  weights_created_at: string | Date | null;
  weights_note: string | null;
};

type RollupRow = {
  part: "c" | "p" | "h";
  area_id: number;
  target: string;
  kind: string;
  events: number;
  qualified: number;
  rating_top: number;
  rating_mid: number;
  rating_low: number;
  hours_sum: number;
  hours_n: number;
  actors: number;
  hist: number[] | string | null;
};

/**
 * Areas with everything a report needs besides the counters, in one round trip: eligible residents,
 * the rollup's freshness and the active weights.
 */
const areaSelect = sql`select a.id, a.code, a.level::text as level, a.name_zh_cn, a.name_zh_hk, a.name_en, a.is_sample, a.path,
    a.population, r.residents, r.generated, c.updated_at as fresh,
    w.version as weights_version, w.weights, w.created_at as weights_created_at, w.note as weights_note
  from areas a
  left join engagement_residents r on r.area_id = a.id
  left join rollup_cursors c on c.name = ${rollupCursorName}
  left join lateral (select version, weights, created_at, note from engagement_weight_versions order by version desc limit 1) w on true`;

function parsePeriod(from: string, to: string): { from: number; to: number } {
  const f = dayNumber(from);
  const t = dayNumber(to);
  // Ten years at most: a dashboard period, not an archive dump.
  if (f === null || t === null || t <= f || t - f > 3660)
    throw new DomainError("metrics:errors.badPeriod", 400);
  return { from: f, to: t };
}

async function loadWeights(): Promise<WeightsVersion> {
  const latest = async () =>
    rowsOf<{
      version: number;
      weights: Record<string, number>;
      created_at: string | Date;
      note: string | null;
    }>(
      await db.execute(
        sql`select version, weights, created_at, note from engagement_weight_versions order by version desc limit 1`,
      ),
    )[0];
  let row = await latest();
  if (!row) {
    // Version 1 is the published defaults, written on first read so the code stays their one source.
    await db.execute(
      sql`insert into engagement_weight_versions (version, weights, note) values (1, ${JSON.stringify(defaultWeights)}::jsonb, null) on conflict (version) do nothing`,
    );
    row = await latest();
  }
  return toWeightsVersion(row!);
}

function toWeightsVersion(row: {
  version: number;
  weights: Record<string, number> | string;
  created_at: string | Date;
  note: string | null;
}): WeightsVersion {
  const stored =
    typeof row.weights === "string" ? (JSON.parse(row.weights) as Record<string, number>) : row.weights;
  const weights = Object.fromEntries(componentKeys.map((key) => [key, Number(stored[key] ?? 0)])) as Record<
    ComponentKey,
    number
  >;
  return {
    version: Number(row.version),
    weights,
    createdAt: new Date(row.created_at).toISOString(),
    note: row.note,
  };
}

export async function getActiveWeights(): Promise<WeightsVersion> {
  return loadWeights();
}

export async function listWeightVersions(): Promise<WeightsVersion[]> {
  await loadWeights();
  const rows = rowsOf<{
    version: number;
    weights: Record<string, number>;
    created_at: string;
    note: string | null;
  }>(
    await db.execute(
      sql`select version, weights, created_at, note from engagement_weight_versions order by version desc`,
    ),
  );
  return rows.map(toWeightsVersion);
}

/** True when generated (demo or benchmark) activity has been loaded: the UI must say so. */
export async function isGeneratedActivityPresent(): Promise<boolean> {
  const rows = rowsOf<{ one: number }>(
    await db.execute(sql`select 1 as one from generated_activity_runs limit 1`),
  );
  return rows.length > 0;
}

type Eligible = { count: number | null; source: EngagementReport["eligibleSource"] };

function eligibleOf(area: AreaRow): Eligible {
  const residents = Number(area.residents ?? 0);
  if (residents > 0)
    // Any generated residents in the count make it generated data (the demo mixes in a few real accounts).
    return { count: residents, source: Number(area.generated ?? 0) > 0 ? "generated" : "residents" };
  if (area.population && area.population > 0) return { count: Number(area.population), source: "population" };
  return { count: null, source: null };
}

/** The weights a set of area rows carried; writes version 1 on the very first read. */
async function weightsOf(rows: AreaRow[]): Promise<WeightsVersion> {
  const row = rows[0];
  if (row && row.weights_version !== null && row.weights !== null) {
    return toWeightsVersion({
      version: row.weights_version,
      weights: row.weights,
      created_at: row.weights_created_at!,
      note: row.weights_note,
    });
  }
  return loadWeights();
}

type Bucket = { kinds: Map<string, KindCounts>; participants: number; hist: number[] };

const newBucket = (): Bucket => ({ kinds: new Map(), participants: 0, hist: [] });

/** "{1,2,3}" → [1, 2, 3], for a driver that returns int[] as text. */
const parseIntArray = (text: string) => text.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);

/** A period to report on: counters come from its day/month/year cover, distinct people from its own cover. */
type Target = { key: string; counters: Period[]; people: Period[] };

function targetFor(key: string, from: number, to: number): Target {
  return {
    key,
    counters: coverRange(from, to, counterGrains),
    people: coverRange(from, to).filter((p) => p.grain !== "day"),
  };
}

/**
 * Reads the rollup rows of areas × targets in one round trip and folds them into one bucket per
 * (area, target). Part "c" rows give counters, "p" rows distinct people (the "*" row and the kinds
 * counted distinct; the largest over the target's periods), "h" rows the response-hour histogram.
 */
async function readBuckets(ids: number[], targets: Target[]): Promise<Map<string, Bucket>> {
  const buckets = new Map<string, Bucket>();
  if (ids.length === 0 || targets.every((t) => t.counters.length === 0)) return buckets;
  // Which target each period belongs to, as a VALUES list the database joins on (an index probe per
  // area × period); the sums are done in the database so a year of days comes back as one row per kind.
  const tags = targets.flatMap((t) => [
    ...t.counters.map((p) => ({ part: "c", grain: p.grain, start: isoFromDay(p.start), target: t.key })),
    ...t.people.map((p) => ({ part: "p", grain: p.grain, start: isoFromDay(p.start), target: t.key })),
  ]);
  // Arrays as single parameters keep the statement text constant, so its plan is prepared once.
  const array = (values: Array<string | number>) =>
    `{${values.map((v) => (typeof v === "number" ? String(v) : `"${v}"`)).join(",")}}`;
  const areasIn = sql`r.area_id = any(${array(ids)}::int[])`;
  const result = await db.execute(
    sql`with t as (select * from unnest(${array(tags.map((t) => t.part))}::text[], ${array(tags.map((t) => t.grain))}::engagement_grain[],
        ${array(tags.map((t) => t.start))}::date[], ${array(tags.map((t) => t.target))}::text[]) as t (part, grain, period_start, target))
      select 'c' as part, r.area_id, t.target, r.kind, sum(r.events) as events, sum(r.qualified) as qualified,
        sum(r.rating_top) as rating_top, sum(r.rating_mid) as rating_mid, sum(r.rating_low) as rating_low,
        sum(r.hours_sum) as hours_sum, sum(r.hours_n) as hours_n, 0 as actors, null::int[] as hist
      from t join engagement_rollups r on r.grain = t.grain and r.period_start = t.period_start
      where t.part = 'c' and ${areasIn} and r.kind <> '*'
      group by r.area_id, t.target, r.kind
      union all
      select 'p', r.area_id, t.target, r.kind, 0, 0, 0, 0, 0, 0, 0, max(r.actors), null
      from t join engagement_rollups r on r.grain = t.grain and r.period_start = t.period_start
      where t.part = 'p' and ${areasIn} and r.kind = any(${array(["*", ...distinctKinds])}::text[])
      group by r.area_id, t.target, r.kind
      union all
      select 'h', r.area_id, t.target, r.kind, 0, 0, 0, 0, 0, 0, 0, 0, r.hours_hist
      from t join engagement_rollups r on r.grain = t.grain and r.period_start = t.period_start
      where t.part = 'c' and ${areasIn} and r.hours_hist is not null`,
  );
  for (const row of rowsOf<RollupRow>(result)) {
    const key = `${row.area_id}|${row.target}`;
    const b = buckets.get(key) ?? newBucket();
    buckets.set(key, b);
    if (row.part === "h") {
      const hist = typeof row.hist === "string" ? parseIntArray(row.hist) : (row.hist ?? []);
      hist.forEach((n, i) => (b.hist[i] = (b.hist[i] ?? 0) + Number(n)));
      continue;
    }
    if (row.part === "p") {
      // Distinct people do not add up across periods: keep the largest (exact for a single period).
      const actors = Number(row.actors);
      if (row.kind === "*") b.participants = Math.max(b.participants, actors);
      else {
        const c = b.kinds.get(row.kind) ?? emptyKindCounts();
        c.actors = Math.max(c.actors, actors);
        b.kinds.set(row.kind, c);
      }
      continue;
    }
    const c = b.kinds.get(row.kind) ?? emptyKindCounts();
    c.events += Number(row.events);
    c.qualified += Number(row.qualified);
    c.ratingTop += Number(row.rating_top);
    c.ratingMid += Number(row.rating_mid);
    c.ratingLow += Number(row.rating_low);
    c.hoursSum += Number(row.hours_sum);
    c.hoursN += Number(row.hours_n);
    b.kinds.set(row.kind, c);
  }
  return buckets;
}

function summarise(bucket: Bucket | undefined, eligible: Eligible, weights: WeightsVersion) {
  const b = bucket ?? newBucket();
  const kinds = Object.fromEntries(b.kinds);
  const components = computeComponents(
    {
      participants: b.participants,
      eligibleResidents: eligible.count,
      kinds,
      medianResponseHours: medianFromHistogram(b.hist),
    },
    weights.weights,
  );
  const eventsByKind: Record<string, number> = {};
  let events = 0;
  for (const [kind, c] of [...b.kinds].sort((x, y) => x[0].localeCompare(y[0]))) {
    if (c.events === 0) continue;
    eventsByKind[kind] = c.events;
    events += c.events;
  }
  return { index: computeIndex(components), components, participants: b.participants, events, eventsByKind };
}

function areaOf(row: AreaRow): EngagementReport["area"] {
  return {
    id: Number(row.id),
    code: row.code,
    level: row.level,
    nameZhCn: row.name_zh_cn,
    nameZhHk: row.name_zh_hk,
    nameEn: row.name_en,
    isSample: row.is_sample,
    path: row.path,
  };
}

async function reportsFor(areas: AreaRow[], from: string, to: string): Promise<EngagementReport[]> {
  const period = parsePeriod(from, to);
  // Days after today hold no events, so "this quarter so far" is read as the whole quarter.
  const end = readableEnd(period.from, period.to, localToday());
  const target = targetFor("range", period.from, end);
  const exact = target.people.length === 1 && coverRange(period.from, end).length === 1;
  const [weights, buckets] = await Promise.all([
    weightsOf(areas),
    readBuckets(
      areas.map((a) => a.id),
      [target],
    ),
  ]);
  const fresh = areas[0]?.fresh ? new Date(areas[0].fresh).toISOString() : null;
  return areas.map((row) => {
    const e = eligibleOf(row);
    return {
      area: areaOf(row),
      from,
      to,
      weightsVersion: weights.version,
      ...summarise(buckets.get(`${row.id}|range`), e, weights),
      eligibleResidents: e.count,
      eligibleSource: e.source,
      freshAsOf: fresh,
      participantsExact: exact,
    };
  });
}

async function areaByCode(code: string): Promise<AreaRow | null> {
  const rows = rowsOf<AreaRow>(await db.execute(sql`${areaSelect} where a.code = ${code}`));
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

/** The engagement of one area over [from, to); null when the area does not exist. */
export async function getEngagement(opts: {
  areaCode: string;
  from: string;
  to: string;
}): Promise<EngagementReport | null> {
  parsePeriod(opts.from, opts.to);
  const area = await areaByCode(opts.areaCode);
  if (!area) return null;
  const [report] = await reportsFor([area], opts.from, opts.to);
  return report!;
}

/** One report per child area, ordered by code; [] for a grid or an unknown area. */
export async function listChildEngagement(opts: {
  areaCode: string;
  from: string;
  to: string;
}): Promise<EngagementReport[]> {
  parsePeriod(opts.from, opts.to);
  const children = rowsOf<AreaRow>(
    await db.execute(
      sql`${areaSelect} where a.parent_id = (select id from areas where code = ${opts.areaCode}) order by a.code`,
    ),
  ).map((row) => ({ ...row, id: Number(row.id) }));
  return reportsFor(children, opts.from, opts.to);
}

/** Whole weeks (ISO, Monday start) or months overlapping [from, to), oldest first. */
export async function getEngagementSeries(opts: {
  areaCode: string;
  from: string;
  to: string;
  granularity: "week" | "month";
}): Promise<
  Array<{
    periodStart: string;
    periodEnd: string;
    index: number | null;
    participants: number;
    events: number;
    components: ComponentResult[];
  }>
> {
  const period = parsePeriod(opts.from, opts.to);
  if (opts.granularity !== "week" && opts.granularity !== "month")
    throw new DomainError("metrics:errors.badPeriod", 400);
  const area = await areaByCode(opts.areaCode);
  if (!area) return [];
  const periods = seriesPeriods(opts.granularity, period.from, period.to);
  const targets = periods.map((p) => targetFor(isoFromDay(p.start), p.start, p.end));
  const [weights, buckets] = await Promise.all([weightsOf([area]), readBuckets([area.id], targets)]);
  const e = eligibleOf(area);
  return periods.map((p) => {
    const s = summarise(buckets.get(`${area.id}|${isoFromDay(p.start)}`), e, weights);
    return {
      periodStart: isoFromDay(p.start),
      periodEnd: isoFromDay(p.end),
      index: s.index,
      participants: s.participants,
      events: s.events,
      components: s.components,
    };
  });
}
