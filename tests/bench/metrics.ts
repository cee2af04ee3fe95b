// Engagement metrics benchmark (issue 6): `npm run bench -- metrics` (needs DATABASE_URL, real PostgreSQL).
// Creates and drops its own database. Figures are ratios measured in the same run, never assertions.
//
//   seed N events with COPY (events/s)  →  rollup (events/s)  →  rollup ÷ COPY
//   dashboard queries per level (getEngagement, listChildEngagement, 12-month series): p50 / p95
//   the same figure by a raw GROUP BY on the ledger: p50, and the speed-up
// then grows the ledger to the next size and repeats; reports p95 at the largest ÷ p95 at the smallest.
//
// Direct run: `npx tsx tests/bench/metrics.ts [--events 1000000,10000000] [--samples 40] [--keep]`;
// `--reuse <database>` only measures the queries on a database an earlier `--keep` run left.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDb, openDb, rowsOf, type Db } from "~db/client";
import { heldDb, provideDb } from "~/lib/db-holder.server";

export type MetricsBenchOptions = {
  /** Ledger sizes to measure at, ascending (default 1M then 10M). */
  events?: number[];
  /** Dashboard calls per level and query (default 40). */
  samples?: number;
  databaseUrl?: string;
  /** Keep the benchmark database (printed) instead of dropping it. */
  keep?: boolean;
  /** Only measure the dashboard queries on a database kept by an earlier run (--keep). */
  reuse?: string;
};

type Levels = "city" | "district" | "street" | "community" | "grid";
const levels: Levels[] = ["city", "district", "street", "community", "grid"];

type QueryFigures = { p50: number; p95: number };
type StepResult = {
  events: number;
  copyEventsPerSecond: number;
  copySeconds: number;
  rollupEventsPerSecond: number;
  rollupSeconds: number;
  rollupRows: number;
  presenceRows: number;
  queries: Record<
    Levels,
    {
      engagement: QueryFigures;
      children: QueryFigures;
      series: QueryFigures;
      dashboard: QueryFigures;
      raw: QueryFigures;
    }
  >;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const figures = (values: number[]): QueryFigures => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
});

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

function adminUrl(url: string) {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last complete calendar month and the 12 months up to today (the dashboard's default), as [from, to). */
function periods(now = new Date()) {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const monthStart = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1));
  const lastMonth = {
    from: isoDay(new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1))),
    to: isoDay(monthStart),
  };
  const twelve = {
    from: isoDay(new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1))),
    to: isoDay(new Date(local.getTime() + 86_400_000)),
  };
  return { lastMonth, twelve };
}

async function sampleAreas(
  db: Db,
  count: number,
): Promise<Record<Levels, Array<{ id: number; code: string; path: string }>>> {
  const out = {} as Record<Levels, Array<{ id: number; code: string; path: string }>>;
  for (const level of levels) {
    // Areas with activity, spread over the ranking (not only the busiest).
    const rows = rowsOf<{ id: number; code: string; path: string }>(
      await db.execute(sql`select a.id, a.code, a.path from areas a
        where a.level = ${level}::area_level and exists (select 1 from engagement_rollups r where r.area_id = a.id and r.grain = 'year')
        order by md5(a.code) limit ${count}`),
    );
    out[level] = rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
  return out;
}

async function measureQueries(db: Db, samples: number): Promise<StepResult["queries"]> {
  const { getEngagement, listChildEngagement, getEngagementSeries } = await import(
    "~/modules/metrics/queries.server"
  );
  const { lastMonth, twelve } = periods();
  const areas = await sampleAreas(db, 25);
  const out = {} as StepResult["queries"];
  for (const level of levels) {
    const list = areas[level];
    const engagement: number[] = [];
    const children: number[] = [];
    const series: number[] = [];
    const dashboard: number[] = [];
    const raw: number[] = [];
    // Warm-up (plans, caches) is not counted.
    for (const a of list.slice(0, 3)) await getEngagement({ areaCode: a.code, ...twelve });
    for (let i = 0; i < samples; i++) {
      const a = list[i % list.length]!;
      const period = i % 2 ? twelve : lastMonth;
      const [t1] = await timed(() => getEngagement({ areaCode: a.code, ...period }));
      const [t2] = await timed(() => listChildEngagement({ areaCode: a.code, ...period }));
      const [t3] = await timed(() =>
        getEngagementSeries({ areaCode: a.code, ...twelve, granularity: "month" }),
      );
      engagement.push(t1);
      children.push(t2);
      series.push(t3);
      dashboard.push(t1 + t2 + t3);
    }
    // The same figure (events by kind and distinct participants, area subtree, 12 months) from the ledger.
    const rawRuns = level === "city" ? 2 : 3;
    for (let i = 0; i < rawRuns; i++) {
      const a = list[i % list.length]!;
      const [t] = await timed(async () =>
        db.execute(sql`select e.kind, count(*) as events, count(distinct e.actor_pseudonym) as people
          from participation_events e join areas a on a.id = e.area_id
          where a.path like ${`${a.path}%`} and e.occurred_at >= ${`${twelve.from}T00:00:00+08:00`}::timestamptz
            and e.occurred_at < ${`${twelve.to}T00:00:00+08:00`}::timestamptz
          group by rollup (e.kind)`),
      );
      raw.push(t);
    }
    out[level] = {
      engagement: figures(engagement),
      children: figures(children),
      series: figures(series),
      dashboard: figures(dashboard),
      raw: figures(raw),
    };
  }
  return out;
}

function format(steps: StepResult[]) {
  const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const lines: string[] = [];
  for (const s of steps) {
    lines.push(``);
    lines.push(`== ${s.events.toLocaleString("en")} events in the ledger`);
    lines.push(
      `ingest (COPY, generator included): ${s.copyEventsPerSecond.toLocaleString("en")} events/s (${s.copySeconds.toFixed(1)} s)`,
    );
    lines.push(
      `rollup: ${s.rollupEventsPerSecond.toLocaleString("en")} events/s (${s.rollupSeconds.toFixed(1)} s) → rollup ÷ COPY = ${(s.rollupEventsPerSecond / s.copyEventsPerSecond).toFixed(2)}; ${s.rollupRows.toLocaleString("en")} rollup rows, ${s.presenceRows.toLocaleString("en")} presence rows`,
    );
    lines.push(
      `level      | getEngagement p50/p95 | children p50/p95 | series(12 mo) p50/p95 | dashboard p50/p95 | raw GROUP BY p50 | speed-up`,
    );
    for (const level of levels) {
      const q = s.queries[level];
      lines.push(
        `${level.padEnd(10)} | ${`${ms(q.engagement.p50)} / ${ms(q.engagement.p95)} ms`.padEnd(21)} | ${`${ms(q.children.p50)} / ${ms(q.children.p95)} ms`.padEnd(16)} | ${`${ms(q.series.p50)} / ${ms(q.series.p95)} ms`.padEnd(21)} | ${`${ms(q.dashboard.p50)} / ${ms(q.dashboard.p95)} ms`.padEnd(17)} | ${`${ms(q.raw.p50)} ms`.padEnd(16)} | ×${(q.raw.p50 / q.engagement.p50).toFixed(0)}`,
      );
    }
  }
  if (steps.length > 1) {
    const first = steps[0]!;
    const last = steps.at(-1)!;
    lines.push(``);
    lines.push(
      `p95 at ${last.events.toLocaleString("en")} ÷ p95 at ${first.events.toLocaleString("en")} (target ≤ 1.5):`,
    );
    for (const level of levels) {
      const r = (k: "engagement" | "children" | "series" | "dashboard") =>
        (last.queries[level][k].p95 / first.queries[level][k].p95).toFixed(2);
      lines.push(
        `  ${level.padEnd(10)} getEngagement ${r("engagement")} · children ${r("children")} · series ${r("series")} · dashboard ${r("dashboard")}`,
      );
    }
  }
  return lines.join("\n");
}

export async function runMetricsBench(options: MetricsBenchOptions = {}): Promise<StepResult[]> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log(
      "bench metrics: skipped — set DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database)",
    );
    return [];
  }
  // `BENCH_METRICS_EVENTS=200000,1000000 npm run bench -- metrics` for a quick run.
  const fromEnv = process.env.BENCH_METRICS_EVENTS?.split(",").map(Number);
  const sizes =
    options.events ??
    (fromEnv?.every((n) => Number.isInteger(n) && n > 0) ? fromEnv : [1_000_000, 10_000_000]);
  const samples = options.samples ?? 40;
  if (heldDb()) {
    // Another suite already opened the app's database in this process; the metrics modules must bind to
    // the benchmark database, so run in a child process.
    const args = [
      "tsx",
      fileURLToPath(import.meta.url),
      "--events",
      sizes.join(","),
      "--samples",
      String(samples),
      ...(options.keep ? ["--keep"] : []),
    ];
    const child = spawnSync("npx", args, {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    if (child.status !== 0) throw new Error("bench metrics: the child run failed");
    return [];
  }
  if (options.reuse) {
    const handle = await openDb({ databaseUrl: withDatabase(databaseUrl, options.reuse), poolSize: 4 });
    try {
      provideDb(handle);
      const [row] = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::bigint as n from participation_events`),
      );
      const queries = await measureQueries(handle.db, samples);
      const step = {
        events: Number(row!.n),
        copyEventsPerSecond: 0,
        copySeconds: 0,
        rollupEventsPerSecond: 0,
        rollupSeconds: 0,
        rollupRows: 0,
        presenceRows: 0,
        queries,
      };
      console.log(format([step]));
      return [step];
    } finally {
      await handle.close();
    }
  }
  const name = `kapok_bench_metrics_${process.pid}`;
  const admin = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const handle = await openDb({ databaseUrl: withDatabase(databaseUrl, name), poolSize: 4 });
  const steps: StepResult[] = [];
  try {
    provideDb(handle);
    await migrateDb(handle);
    const { seedGuangzhou } = await import("~/modules/geography/seed-guangzhou.server");
    await seedGuangzhou({ log: () => {} });
    const { seedEvents } = await import("~/modules/metrics/seed-events.server");
    const { runRollup } = await import("~/modules/metrics/rollup.server");
    // One population for the whole run (sized for the largest ledger), so growing the ledger adds history
    // by the same people, as a city accumulates it.
    const people = Math.round(sizes.at(-1)! / 30);
    let have = 0;
    for (const [i, size] of sizes.entries()) {
      const add = size - have;
      process.stderr.write(`bench metrics: writing ${add.toLocaleString("en")} events with COPY…\n`);
      const seeded = await seedEvents({
        events: add,
        days: 365,
        seed: 1,
        eventSeed: 100 + i,
        people,
        source: "bench",
        onProgress: (done, total) => {
          if (done % 500_000 < 5000)
            process.stderr.write(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")}\r`);
        },
      });
      have = size;
      await handle.db.execute(sql`vacuum analyze participation_events`);
      process.stderr.write(`\nbench metrics: rolling up ${add.toLocaleString("en")} events…\n`);
      const statementTimes = new Map<string, number>();
      const rolled = await runRollup({
        chunkSize: 500_000,
        onProgress: (done) =>
          process.stderr.write(`  ${done.toLocaleString("en")} / ${add.toLocaleString("en")}\r`),
        timer: (statement, ms) => statementTimes.set(statement, (statementTimes.get(statement) ?? 0) + ms),
      });
      const top = [...statementTimes].sort((a, b) => b[1] - a[1]).slice(0, 5);
      process.stderr.write(
        `\nrollup, slowest statements:\n${top.map(([q, ms]) => `  ${(ms / 1000).toFixed(1)} s  ${q}`).join("\n")}\n`,
      );
      await handle.db.execute(sql`vacuum analyze engagement_rollups`);
      const [counts] = rowsOf<{ rollups: number; presence: number }>(
        await handle.db.execute(
          sql`select (select count(*) from engagement_rollups)::bigint as rollups, (select count(*) from engagement_presence)::bigint as presence`,
        ),
      );
      process.stderr.write(`\nbench metrics: measuring dashboard queries…\n`);
      const queries = await measureQueries(handle.db, samples);
      steps.push({
        events: size,
        copyEventsPerSecond: seeded.eventsPerSecond,
        copySeconds: seeded.ms / 1000,
        rollupEventsPerSecond: Math.round(rolled.events / (rolled.ms / 1000)),
        rollupSeconds: rolled.ms / 1000,
        rollupRows: Number(counts!.rollups),
        presenceRows: Number(counts!.presence),
        queries,
      });
      console.log(format(steps.slice(-1)));
    }
    if (steps.length > 1) console.log(format(steps).split("\n").slice(-7).join("\n"));
    return steps;
  } finally {
    await handle.close();
    if (options.keep) console.log(`bench metrics: kept database ${name}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

export { format as formatMetricsBench };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      events: { type: "string" },
      samples: { type: "string" },
      keep: { type: "boolean", default: false },
      reuse: { type: "string" },
    },
  });
  runMetricsBench({
    events: values.events ? values.events.split(",").map(Number) : undefined,
    samples: values.samples ? Number(values.samples) : undefined,
    keep: values.keep,
    reuse: values.reuse,
  }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
