import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { rowsOf, type Tx } from "~db/client";
import { db } from "~/lib/db.server";
import { pgErrorCode } from "~/lib/pg-errors.server";
import { distinctKinds, institutionalKinds, kindRules, ratingValues, responseHourBins } from "./components";

/**
 * Incremental rollup of the participation ledger into the engagement tables (db/schema/metrics.ts),
 * after Citus' "incremental data aggregation" (citusdata.com/blog/2018/06/14/scalable-incremental-data-aggregation/):
 *
 * 1. The cursor row is locked FOR UPDATE, so concurrent runs (the server's job, a cron'd CLI, a second
 *    server) serialise; the second one then finds nothing new.
 * 2. Inside a savepoint we take SHARE ROW EXCLUSIVE on the ledger, which waits for every transaction
 *    that is inserting into it to finish (5 s at most; else this run does nothing and the next tries
 *    again), read max(id), and roll the savepoint back, which releases the lock at once. Any id ≤ max
 *    was handed out before the lock, so its transaction has ended: an event committed out of id order
 *    (took id 5, committed after id 6) cannot be skipped.
 * 3. Events in (cursor, max] are aggregated with INSERT … SELECT … ON CONFLICT DO UPDATE into every
 *    level (the event's community or grid and each ancestor from areas.path) and every grain (local
 *    days, months and years for counters; ISO weeks, months, quarters and years for distinct people),
 *    the cursor is moved, and all of it commits together: each event is counted exactly once, whether
 *    the run fails, repeats or races.
 *
 * Distinct participants use `engagement_presence` (period, scope, actor, event area): a new row means the
 * person is new in that event area for the period; the ancestors it adds are those not already covered
 * by the person's other areas in the same period. Works the same on PGlite and PostgreSQL (plain SQL).
 */

export const rollupCursorName = "engagement";

/** Days are Guangzhou local days (no DST in China, so the zone is fixed). */
export const rollupTimeZone = "Asia/Shanghai";

/**
 * Counters (events, qualified, ratings, hours) are kept per day, month and year: any other period is a sum
 * of those, read at query time (a week is 7 day rows, a quarter 3 month rows). Distinct people cannot be
 * summed, so they are kept for every period they are reported for: ISO week, month, quarter and year.
 */
export const counterGrains = ["day", "month", "year"] as const;
export const distinctGrains = ["week", "month", "quarter", "year"] as const;

function textList(values: readonly string[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}::text`),
    sql`, `,
  )})`;
}

/** SQL for the per-event measures, generated from components.ts so the rules live in one place. */
function measureColumns(): { qualified: SQL; rating: SQL; hours: SQL } {
  const qualified: SQL[] = [];
  const rating: SQL[] = [];
  const hours: SQL[] = [];
  for (const [kind, rule] of Object.entries(kindRules)) {
    if (rule.qualified) {
      const test =
        "metaTrue" in rule.qualified
          ? sql`coalesce(e.meta->>${rule.qualified.metaTrue}, '') = 'true'`
          : sql`coalesce(e.meta->>${rule.qualified.metaPresent}, '') <> ''`;
      qualified.push(sql`when ${kind}::text then (${test})::int`);
    }
    if (rule.rating) rating.push(sql`when ${kind}::text then e.meta->>${rule.rating}`);
    if (rule.hours) {
      hours.push(
        sql`when ${kind}::text then (case when jsonb_typeof(e.meta->${rule.hours}) = 'number' then greatest(0, (e.meta->>${rule.hours})::float8) end)`,
      );
    }
  }
  const caseOf = (parts: SQL[], otherwise: SQL) =>
    parts.length ? sql`(case e.kind ${sql.join(parts, sql` `)} else ${otherwise} end)` : otherwise;
  return {
    qualified: caseOf(qualified, sql`0`),
    rating: caseOf(rating, sql`null::text`),
    hours: caseOf(hours, sql`null::float8`),
  };
}

const ancestorsOf = (leaf: SQL) =>
  sql`join areas l on l.id = ${leaf} join areas a on a.code = any(string_to_array(trim(both '/' from l.path), '/'))`;

export type StepTimer = (statement: string, ms: number) => void;

/** tx.execute, timed when a step timer is given (to see which statement dominates on an engine). */
async function exec(tx: Tx, query: SQL, timer?: StepTimer) {
  if (!timer) return tx.execute(query);
  const started = performance.now();
  const result = await tx.execute(query);
  timer(new PgDialect().sqlToQuery(query).sql.replace(/\s+/g, " ").slice(0, 70), performance.now() - started);
  return result;
}

async function foldBatch(tx: Tx, lo: number, hi: number, timer?: StepTimer): Promise<number> {
  const m = measureColumns();
  await exec(
    tx,
    sql`create temp table kapok_rb (
    leaf integer not null, day date not null, kind text not null, actor text not null,
    qualified integer not null, rating text, hours float8) on commit drop`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rb
    select e.area_id, (e.occurred_at at time zone ${rollupTimeZone})::date, e.kind, e.actor_pseudonym,
      ${m.qualified}, ${m.rating}, ${m.hours}
    from participation_events e where e.id > ${lo} and e.id <= ${hi}`,
    timer,
  );
  const [{ n } = { n: 0 }] = rowsOf<{ n: number }>(
    await exec(tx, sql`select count(*)::int as n from kapok_rb`),
  );
  if (Number(n) === 0) return 0;
  await exec(tx, sql`analyze kapok_rb`, timer);

  // Each event area with its ancestors (itself included), from the materialised path.
  await exec(
    tx,
    sql`create temp table kapok_rl (leaf integer not null, anc integer not null) on commit drop`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rl select l.id, a.id from (select distinct leaf from kapok_rb) x ${ancestorsOf(sql`x.leaf`)}`,
    timer,
  );

  // Counters per event area × grain × kind: days first, then each coarser grain from the one below it
  // (a month is a sum of days, a year of months), so no per-row date arithmetic on the big expansion.
  await exec(
    tx,
    sql`create temp table kapok_rc (leaf integer not null, grain engagement_grain not null,
    period_start date not null, kind text not null, events integer not null, qualified integer not null,
    rating_top integer not null, rating_mid integer not null, rating_low integer not null,
    hours_sum float8 not null, hours_n integer not null) on commit drop`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rc
    select leaf, 'day', day, kind, count(*), sum(qualified),
      count(*) filter (where rating = ${ratingValues.top}), count(*) filter (where rating = ${ratingValues.mid}),
      count(*) filter (where rating = ${ratingValues.low}), coalesce(sum(hours), 0), count(hours)
    from kapok_rb group by leaf, day, kind`,
    timer,
  );
  for (const [finer, grain] of counterGrains.slice(1).map((g, i) => [counterGrains[i]!, g] as const)) {
    await exec(
      tx,
      sql`insert into kapok_rc
      select leaf, ${grain}::engagement_grain, date_trunc(${grain}, period_start::timestamp)::date, kind, sum(events), sum(qualified),
        sum(rating_top), sum(rating_mid), sum(rating_low), sum(hours_sum), sum(hours_n)
      from kapok_rc where grain = ${finer}::engagement_grain group by leaf, 3, kind`,
      timer,
    );
  }
  // Then to every level; sorted so the index is filled in order (about twice as fast as random order).
  await exec(
    tx,
    sql`insert into engagement_rollups as r
      (area_id, grain, period_start, kind, events, qualified, rating_top, rating_mid, rating_low, hours_sum, hours_n)
    select rl.anc, c.grain, c.period_start, c.kind, sum(c.events), sum(c.qualified), sum(c.rating_top), sum(c.rating_mid),
      sum(c.rating_low), sum(c.hours_sum), sum(c.hours_n)
    from kapok_rc c join kapok_rl rl on rl.leaf = c.leaf
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4
    on conflict (area_id, grain, period_start, kind) do update set
      events = r.events + excluded.events, qualified = r.qualified + excluded.qualified,
      rating_top = r.rating_top + excluded.rating_top, rating_mid = r.rating_mid + excluded.rating_mid,
      rating_low = r.rating_low + excluded.rating_low, hours_sum = r.hours_sum + excluded.hours_sum,
      hours_n = r.hours_n + excluded.hours_n`,
    timer,
  );

  // Response-hour histograms, only for the (few) events that carry hours: per event area and day, then
  // month and year, then every level; merged element-wise into the counter rows written above.
  const bins = responseHourBins.length;
  const thresholds = `{${responseHourBins.join(",")}}`;
  const histOf = (expr: (i: number) => SQL) =>
    sql`array[${sql.join(
      Array.from({ length: bins }, (_, i) => expr(i + 1)),
      sql`, `,
    )}]::int[]`;
  await exec(
    tx,
    sql`create temp table kapok_rh on commit drop as
    select leaf, 'day'::engagement_grain as grain, day as period_start, kind,
      ${histOf((i) => sql`count(*) filter (where bin = ${sql.raw(String(i))})`)} as hist
    from (select leaf, day, kind, width_bucket(hours, ${thresholds}::float8[]) as bin from kapok_rb where hours is not null) b
    group by leaf, day, kind`,
    timer,
  );
  for (const [finer, grain] of counterGrains.slice(1).map((g, i) => [counterGrains[i]!, g] as const)) {
    await exec(
      tx,
      sql`insert into kapok_rh
      select leaf, ${grain}::engagement_grain, date_trunc(${grain}, period_start::timestamp)::date, kind,
        ${histOf((i) => sql`sum(hist[${sql.raw(String(i))}])`)}
      from kapok_rh where grain = ${finer}::engagement_grain group by leaf, 3, kind`,
      timer,
    );
  }
  await exec(
    tx,
    sql`update engagement_rollups r
    set hours_hist = case when r.hours_hist is null then x.hist
      else array(select coalesce(a, 0) + coalesce(b, 0) from unnest(r.hours_hist, x.hist) as u (a, b)) end
    from (
      select rl.anc, h.grain, h.period_start, h.kind, ${histOf((i) => sql`sum(h.hist[${sql.raw(String(i))}])`)} as hist
      from kapok_rh h join kapok_rl rl on rl.leaf = h.leaf
      group by 1, 2, 3, 4
    ) x
    where r.area_id = x.anc and r.grain = x.grain and r.period_start = x.period_start and r.kind = x.kind`,
    timer,
  );

  await foldPresence(tx, timer);
  return Number(n);
}

async function foldPresence(tx: Tx, timer?: StepTimer) {
  const participation = sql`kind not in ${textList(institutionalKinds)}`;
  const counted = sql`(${participation} or kind in ${textList(distinctKinds)})`;
  await exec(
    tx,
    sql`insert into engagement_actors (pseudonym)
    select distinct b.actor from kapok_rb b
    where ${counted} and not exists (select 1 from engagement_actors a where a.pseudonym = b.actor)
    on conflict (pseudonym) do nothing`,
    timer,
  );

  // Who was where in each period (event area only), minus what is already recorded.
  await exec(
    tx,
    sql`create temp table kapok_rp (grain engagement_grain not null, period_start date not null,
    scope text not null, actor_id integer not null, area_id integer not null) on commit drop`,
    timer,
  );
  await exec(
    tx,
    sql`create temp table kapok_pd on commit drop as
    select distinct p.leaf, p.day, p.scope, a.id as actor_id from (
      select leaf, day, actor, '*'::text as scope from kapok_rb where ${participation}
      union all
      select leaf, day, actor, kind from kapok_rb where kind in ${textList(distinctKinds)}
    ) p
    join engagement_actors a on a.pseudonym = p.actor`,
    timer,
  );
  // Weeks and months from days; quarters from months, years from quarters.
  await exec(
    tx,
    sql`insert into kapok_rp
    select distinct 'week'::engagement_grain, date_trunc('week', day::timestamp)::date, scope, actor_id, leaf from kapok_pd`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rp
    select distinct 'month'::engagement_grain, date_trunc('month', day::timestamp)::date, scope, actor_id, leaf from kapok_pd`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rp
    select distinct 'quarter'::engagement_grain, date_trunc('quarter', period_start::timestamp)::date, scope, actor_id, area_id
    from kapok_rp where grain = 'month'`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rp
    select distinct 'year'::engagement_grain, date_trunc('year', period_start::timestamp)::date, scope, actor_id, area_id
    from kapok_rp where grain = 'quarter'`,
    timer,
  );
  await exec(
    tx,
    sql`delete from kapok_rp n using engagement_presence p
    where p.grain = n.grain and p.period_start = n.period_start and p.scope = n.scope
      and p.actor_id = n.actor_id and p.area_id = n.area_id`,
    timer,
  );
  await exec(tx, sql`analyze kapok_rp`, timer);

  // The person's other areas already recorded for the same periods.
  await exec(
    tx,
    sql`create temp table kapok_ro on commit drop as
    select p.grain, p.period_start, p.scope, p.actor_id, p.area_id from engagement_presence p
    join (select distinct grain, period_start, scope, actor_id from kapok_rp) k
      on k.grain = p.grain and k.period_start = p.period_start and k.scope = p.scope and k.actor_id = p.actor_id`,
    timer,
  );
  await exec(
    tx,
    sql`insert into kapok_rl
    select l.id, a.id from (select distinct area_id from kapok_ro where area_id not in (select leaf from kapok_rl)) x
    ${ancestorsOf(sql`x.area_id`)}`,
    timer,
  );

  // Ancestors newly reached by each person in each period = reached now, not reached before. Most people
  // have one new area and no earlier one in a period: all its ancestors are new, so they are counted per
  // area and then spread to ancestors. Only the others (kapok_rk) need the per-person set difference.
  await exec(
    tx,
    sql`create temp table kapok_rk on commit drop as
    select grain, period_start, scope, actor_id from kapok_rp group by 1, 2, 3, 4 having count(*) > 1
    union
    select distinct grain, period_start, scope, actor_id from kapok_ro`,
    timer,
  );
  await exec(tx, sql`analyze kapok_rk`, timer);
  await exec(
    tx,
    sql`insert /* people */ into engagement_rollups as r (area_id, grain, period_start, kind, actors)
    select anc, grain, period_start, scope, sum(n) from (
      select rl.anc, s.grain, s.period_start, s.scope, s.n from (
        select p.area_id, p.grain, p.period_start, p.scope, count(*) as n from kapok_rp p
        where not exists (select 1 from kapok_rk k where k.grain = p.grain and k.period_start = p.period_start
          and k.scope = p.scope and k.actor_id = p.actor_id)
        group by 1, 2, 3, 4
      ) s join kapok_rl rl on rl.leaf = s.area_id
      union all
      select anc, grain, period_start, scope, count(*) from (
        select n.grain, n.period_start, n.scope, n.actor_id, rl.anc from kapok_rp n
          join kapok_rk k on k.grain = n.grain and k.period_start = n.period_start and k.scope = n.scope and k.actor_id = n.actor_id
          join kapok_rl rl on rl.leaf = n.area_id
        except
        select o.grain, o.period_start, o.scope, o.actor_id, rl.anc from kapok_ro o join kapok_rl rl on rl.leaf = o.area_id
      ) m group by anc, grain, period_start, scope
    ) t
    group by anc, grain, period_start, scope
    order by 1, 2, 3, 4
    on conflict (area_id, grain, period_start, kind) do update set actors = r.actors + excluded.actors`,
    timer,
  );

  await exec(
    tx,
    sql`insert into engagement_presence (grain, period_start, scope, actor_id, area_id)
    select grain, period_start, scope, actor_id, area_id from kapok_rp order by 1, 2, 3, 4, 5 on conflict do nothing`,
    timer,
  );
}

/** Eligible residents per area (all levels): verified residents, plus residents of generated data. */
async function refreshResidents(): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [cursor] = rowsOf<{ residents_fingerprint: string | null }>(
      await tx.execute(
        sql`select residents_fingerprint from rollup_cursors where name = ${rollupCursorName} for update`,
      ),
    );
    const [{ fp } = { fp: "" }] = rowsOf<{ fp: string }>(
      await tx.execute(sql`select
        (select count(*) || ':' || coalesce(max(granted_at)::text, '') || ':' || coalesce(max(revoked_at)::text, '')
           from role_assignments where role = 'resident')
        || '|' || (select count(*) || ':' || coalesce(sum(residents), 0) from generated_residents) as fp`),
    );
    if (cursor?.residents_fingerprint === fp) return false;
    await tx.execute(sql`delete from engagement_residents`);
    await tx.execute(sql`insert into engagement_residents (area_id, residents, generated)
      select anc, sum(real_n)::int, sum(gen_n)::int from (
        select a.id as anc, count(*) as real_n, 0 as gen_n
          from role_assignments r ${ancestorsOf(sql`r.area_id`)}
          where r.role = 'resident' and r.revoked_at is null group by a.id
        union all
        select r.grid_id, count(*), 0 from role_assignments r
          where r.role = 'resident' and r.revoked_at is null and r.grid_id is not null and r.grid_id <> r.area_id
          group by r.grid_id
        union all
        select a.id, sum(g.residents), sum(g.residents) from generated_residents g ${ancestorsOf(sql`g.area_id`)} group by a.id
      ) x group by anc`);
    await tx.execute(
      sql`update rollup_cursors set residents_fingerprint = ${fp} where name = ${rollupCursorName}`,
    );
    return true;
  });
}

/** Carries max(id) out of the savepoint that is rolled back to release the ledger lock. */
class LedgerHead extends Error {
  constructor(readonly maxId: number) {
    super("ledger head");
  }
}

export type RollupResult = {
  events: number;
  chunks: number;
  lastEventId: number;
  ms: number;
  residentsRefreshed: boolean;
};

/**
 * One rollup run: folds every ledger event not yet counted, in chunks of `chunkSize` ids (one
 * transaction each, so a long backlog makes progress and never holds the ledger lock for long).
 */
export async function runRollup(
  opts: {
    chunkSize?: number;
    onProgress?: (done: number, lastEventId: number, maxEventId: number) => void;
    timer?: StepTimer;
  } = {},
): Promise<RollupResult> {
  const started = performance.now();
  const chunkSize = opts.chunkSize ?? 250_000;
  await db.execute(
    sql`insert into rollup_cursors (name) values (${rollupCursorName}) on conflict (name) do nothing`,
  );
  let events = 0;
  let chunks = 0;
  let lastEventId = 0;
  for (;;) {
    const step = await db.transaction(async (tx) => {
      const [cursor] = rowsOf<{ last_event_id: number }>(
        await tx.execute(
          sql`select last_event_id from rollup_cursors where name = ${rollupCursorName} for update`,
        ),
      );
      const lo = Number(cursor!.last_event_id);
      // The batch aggregates are hashed in memory; the 4 MB default spills them to disk.
      await tx.execute(sql`set local work_mem = '256MB'`);
      // Wait for in-flight ledger writers, then let them go again (see the comment at the top). Writers
      // queue behind this lock request, so a transaction left open elsewhere may hold us up for 5 s at
      // most: then this run does nothing and the next one tries again.
      let maxId = lo;
      let waitedOut = false;
      try {
        // A nested transaction is a savepoint; throwing rolls it back, which releases the lock at once.
        await tx.transaction(async (sp) => {
          await sp.execute(sql`set local lock_timeout = '5s'`);
          await sp.execute(sql`lock table participation_events in share row exclusive mode`);
          const [{ max } = { max: 0 }] = rowsOf<{ max: number | string | null }>(
            await sp.execute(sql`select coalesce(max(id), 0) as max from participation_events`),
          );
          throw new LedgerHead(Number(max));
        });
      } catch (error) {
        if (error instanceof LedgerHead) maxId = error.maxId;
        else if (pgErrorCode(error) === "55P03") waitedOut = true;
        else throw error;
      }
      if (maxId <= lo) {
        if (!waitedOut) {
          await tx.execute(
            sql`update rollup_cursors set updated_at = now() where name = ${rollupCursorName}`,
          );
        }
        return { done: true, n: 0, hi: lo, maxId };
      }
      const hi = Math.min(maxId, lo + chunkSize);
      const n = await foldBatch(tx, lo, hi, opts.timer);
      await tx.execute(sql`update rollup_cursors set last_event_id = ${hi}, events_processed = events_processed + ${n},
        updated_at = now() where name = ${rollupCursorName}`);
      return { done: hi >= maxId, n, hi, maxId };
    });
    events += step.n;
    lastEventId = step.hi;
    if (step.n > 0 || !step.done) chunks += 1;
    opts.onProgress?.(events, step.hi, step.maxId);
    if (step.done) break;
  }
  const residentsRefreshed = await refreshResidents();
  return { events, chunks, lastEventId, ms: Math.round(performance.now() - started), residentsRefreshed };
}
