import type { Writable } from "node:stream";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { rowsOf } from "~db/client";
import { dbHandle } from "~/lib/db.server";

/**
 * Generated participation events over a city's hierarchy, for benchmarks and the demo. Always marked
 * (`meta.generated = true`, a row in generated_activity_runs), never mixed up with real activity.
 *
 * The shape is meant to look like a real city, not uniform noise:
 * - communities get Zipf weights (s = 1.1) over a shuffled order, so ~10% of communities carry most of
 *   the activity; `focusPrefix` (an area path) multiplies its communities' weight;
 * - people belong to one community and one of its grids; how active each is follows a lognormal
 *   (a few very active residents, many occasional ones);
 * - kinds come in fixed proportions (comments and ballots most, institutional acts rare), with the meta
 *   fields the index reads (stance, onTime, responseHours, rating);
 * - timestamps over the last `days` days: more on weekends and evenings, slowly growing over the year.
 * PostgreSQL gets COPY … FROM STDIN; PGlite gets COPY from an in-memory blob, 20,000 rows at a time.
 */

export type SeedEventsOptions = {
  events: number;
  days?: number;
  /** Seeds the people and the community weights: the same seed gives the same population. */
  seed?: number;
  /** Seeds the events themselves (defaults to `seed`): a second run with another value adds activity by the same people. */
  eventSeed?: number;
  /** Size of the active population (default: events ÷ 30, at least 200). */
  people?: number;
  /** Restrict to the subtree of this area path ("/4401/440106/"). */
  withinPath?: string;
  /** Communities under this path weigh `focusFactor` times more. */
  focusPath?: string;
  focusFactor?: number;
  /** Generated registered residents per active person (eligible residents for breadth and turnout). */
  residentsPerPerson?: number;
  source?: string;
  endAt?: Date;
  onProgress?: (done: number, total: number) => void;
};

export type SeedEventsResult = {
  events: number;
  people: number;
  ms: number;
  eventsPerSecond: number;
  engine: "pglite" | "postgres";
};

/** mulberry32 */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number) {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Index into a cumulative weight table by binary search. */
function pick(cumulative: Float64Array, random: () => number): number {
  const x = random() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}

const hex = (random: () => number) =>
  Array.from({ length: 4 }, () =>
    Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, "0"),
  ).join("");

type KindSpec = {
  kind: string;
  share: number;
  institutional?: boolean;
  atCommunity?: boolean;
  subject: string;
  meta: (r: () => number) => string;
};

const none = () => "";
/** Shares of all events (they need not sum to 1; they are normalised). */
const kindMix: KindSpec[] = [
  {
    kind: "comment.posted",
    share: 0.3,
    subject: "proposal",
    meta: (r) => {
      const x = r();
      return x < 0.3
        ? `,"stance":"support"`
        : x < 0.45
          ? `,"stance":"oppose"`
          : x < 0.6
            ? `,"stance":"neutral"`
            : "";
    },
  },
  { kind: "ballot.cast", share: 0.22, subject: "ballot", meta: none },
  { kind: "meeting.attended", share: 0.12, atCommunity: true, subject: "meeting", meta: none },
  {
    kind: "evaluation.submitted",
    share: 0.08,
    subject: "project",
    meta: (r) => {
      const x = r();
      return `,"rating":"${x < 0.62 ? "satisfied" : x < 0.88 ? "basically" : "dissatisfied"}"`;
    },
  },
  { kind: "matter.raised", share: 0.07, subject: "matter", meta: none },
  { kind: "account.registered", share: 0.02, subject: "account", meta: none },
  { kind: "residency.verified", share: 0.015, subject: "account", meta: none },
  {
    kind: "matter.responded",
    share: 0.055,
    institutional: true,
    atCommunity: true,
    subject: "matter",
    meta: (r) => {
      const hours = Math.max(0.5, Math.exp(Math.log(30) + 0.9 * normal(r)));
      return `,"onTime":${hours <= 72 ? "true" : "false"},"responseHours":${Math.round(hours * 10) / 10}`;
    },
  },
  {
    kind: "proposal.published",
    share: 0.02,
    institutional: true,
    atCommunity: true,
    subject: "proposal",
    meta: none,
  },
  {
    kind: "consultation.opened",
    share: 0.01,
    institutional: true,
    atCommunity: true,
    subject: "consultation",
    meta: none,
  },
  {
    kind: "decision.made",
    share: 0.02,
    institutional: true,
    atCommunity: true,
    subject: "decision",
    meta: none,
  },
  {
    kind: "outcome.published",
    share: 0.016,
    institutional: true,
    atCommunity: true,
    subject: "decision",
    meta: none,
  },
  {
    kind: "notice.published",
    share: 0.018,
    institutional: true,
    atCommunity: true,
    subject: "decision",
    meta: none,
  },
  {
    kind: "project.accepted",
    share: 0.01,
    institutional: true,
    atCommunity: true,
    subject: "project",
    meta: (r) => `,"onTime":${r() < 0.75 ? "true" : "false"}`,
  },
  { kind: "application.submitted", share: 0.0005, atCommunity: true, subject: "application", meta: none },
  {
    kind: "award.made",
    share: 0.0002,
    institutional: true,
    atCommunity: true,
    subject: "application",
    meta: none,
  },
];

const channels = ["web", "web", "web", "web", "web", "web", "web", "assisted", "paper", "web"];
/** Relative activity by local hour (0–23): mornings and evenings. */
const hourWeights = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.6, 1, 1.3, 1.3, 1.1, 0.8, 0.8, 1, 1.1, 1, 0.9, 1, 1.4, 1.6, 1.4,
  0.9, 0.5,
];
/** Monday … Sunday. */
const weekdayWeights = [0.9, 0.9, 0.95, 0.95, 1, 1.45, 1.35];

type Community = { id: number; code: string; path: string; grids: number[] };

async function loadCommunities(withinPath: string | undefined): Promise<Community[]> {
  const { db } = await dbHandle();
  const like = `${withinPath ?? "/"}%`;
  const rows = rowsOf<{ id: number; code: string; path: string; parent_id: number | null; level: string }>(
    await db.execute(
      sql`select id, code, path, parent_id, level::text as level from areas where level in ('community', 'grid') and path like ${like} order by code`,
    ),
  );
  const byId = new Map<number, Community>();
  for (const r of rows)
    if (r.level === "community")
      byId.set(Number(r.id), { id: Number(r.id), code: r.code, path: r.path, grids: [] });
  for (const r of rows) if (r.level === "grid") byId.get(Number(r.parent_id))?.grids.push(Number(r.id));
  return [...byId.values()];
}

type Population = {
  community: Int32Array;
  area: Int32Array;
  pseudonym: string[];
  cumulative: Float64Array;
  communities: Community[];
};

function makePopulation(
  communities: Community[],
  people: number,
  seed: number,
  focusPath?: string,
  focusFactor = 5,
): Population {
  const random = rng(seed);
  // Zipf weights over a shuffled order of communities.
  const order = communities.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const weights = new Float64Array(communities.length);
  order.forEach((c, rank) => {
    const focus = focusPath && communities[c]!.path.startsWith(focusPath) ? focusFactor : 1;
    weights[c] = focus / Math.pow(rank + 1, 1.1);
  });
  const communityCumulative = cumulate(weights);
  const community = new Int32Array(people);
  const area = new Int32Array(people);
  const activity = new Float64Array(people);
  const pseudonym: string[] = new Array(people);
  for (let p = 0; p < people; p++) {
    const c = pick(communityCumulative, random);
    const grids = communities[c]!.grids;
    community[p] = c;
    area[p] = grids.length ? grids[Math.floor(random() * grids.length)]! : communities[c]!.id;
    activity[p] = Math.exp(1.1 * normal(random));
    pseudonym[p] = hex(random);
  }
  return { community, area, pseudonym, cumulative: cumulate(activity), communities };
}

type Row = {
  occurredAt: Date;
  kind: string;
  actor: string;
  areaId: number;
  subjectType: string;
  subjectId: string;
  channel: string;
  meta: string;
};

function* generate(
  pop: Population,
  opts: { events: number; days: number; seed: number; endAt: Date },
): Generator<Row> {
  const random = rng(opts.seed ^ 0x5eed);
  const kindCumulative = cumulate(kindMix.map((k) => k.share));
  const endDay = Math.floor(opts.endAt.getTime() / 86_400_000);
  // Day weights: weekday rhythm and a gentle growth over the period.
  const dayWeights = Array.from({ length: opts.days }, (_, i) => {
    const day = endDay - opts.days + 1 + i;
    const weekday = (new Date(day * 86_400_000).getUTCDay() + 6) % 7;
    return weekdayWeights[weekday]! * (0.75 + (0.5 * i) / Math.max(1, opts.days - 1));
  });
  const dayCumulative = cumulate(dayWeights);
  const hourCumulative = cumulate(hourWeights);
  const subjectsPerCommunity = 40;
  for (let i = 0; i < opts.events; i++) {
    const person = pick(pop.cumulative, random);
    const spec = kindMix[pick(kindCumulative, random)]!;
    const community = pop.communities[pop.community[person]!]!;
    const localDay = endDay - opts.days + 1 + pick(dayCumulative, random);
    const localHour = pick(hourCumulative, random);
    // Local (UTC+8) time → UTC instant.
    let ms = localDay * 86_400_000 + (localHour - 8) * 3_600_000 + Math.floor(random() * 3_600_000);
    if (ms > opts.endAt.getTime()) ms = opts.endAt.getTime() - Math.floor(random() * 3_600_000);
    yield {
      occurredAt: new Date(ms),
      kind: spec.kind,
      // Institutional acts are done by the community's staff, not by the resident drawn.
      actor: spec.institutional ? `staff-${community.code}` : pop.pseudonym[person]!,
      areaId: spec.atCommunity ? community.id : pop.area[person]!,
      subjectType: spec.subject,
      subjectId: `${community.code}-${Math.floor(random() * subjectsPerCommunity)}`,
      channel:
        spec.kind === "meeting.attended" ? "meeting" : channels[Math.floor(random() * channels.length)]!,
      meta: `{"generated":true${spec.meta(random)}}`,
    };
  }
}

/** One COPY text-format line; generated values never contain tabs, newlines or backslashes. */
const tsvLine = (r: Row) =>
  `${r.occurredAt.toISOString()}\t${r.kind}\t${r.actor}\t${r.areaId}\t${r.subjectType}\t${r.subjectId}\t${r.channel}\t${r.meta}\n`;

async function copyToPostgres(
  client: postgres.Sql,
  rows: Generator<Row>,
  total: number,
  onProgress?: (done: number, total: number) => void,
) {
  const stream =
    (await client`copy participation_events (occurred_at, kind, actor_pseudonym, area_id, subject_type, subject_id, channel, meta) from stdin`.writable()) as Writable;
  let done = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const ok = stream.write(chunk.join(""));
    chunk = [];
    if (!ok) await new Promise((resolve) => stream.once("drain", resolve));
  };
  for (const r of rows) {
    chunk.push(tsvLine(r));
    done += 1;
    if (chunk.length === 5000) {
      await flush();
      onProgress?.(done, total);
    }
  }
  await flush();
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.once("finish", () => resolve());
    stream.end();
  });
  onProgress?.(done, total);
}

/** PGlite: COPY from an in-memory blob per 20,000 rows (its COPY reads files from its virtual /dev/blob). */
async function copyToPglite(
  client: PGlite,
  rows: Generator<Row>,
  total: number,
  onProgress?: (done: number, total: number) => void,
) {
  let done = 0;
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0) return;
    await client.query(
      "copy participation_events (occurred_at, kind, actor_pseudonym, area_id, subject_type, subject_id, channel, meta) from '/dev/blob'",
      [],
      { blob: new Blob([lines.join("")]) },
    );
    done += lines.length;
    lines = [];
    onProgress?.(done, total);
  };
  for (const r of rows) {
    lines.push(tsvLine(r));
    if (lines.length === 20_000) await flush();
  }
  await flush();
}

/** Writes generated events (and generated resident counts) and records the run. Does not roll up. */
export async function seedEvents(opts: SeedEventsOptions): Promise<SeedEventsResult> {
  const started = performance.now();
  const handle = await dbHandle();
  const days = opts.days ?? 365;
  const seed = opts.seed ?? 1;
  const communities = await loadCommunities(opts.withinPath);
  if (communities.length === 0)
    throw new Error("kapok: no communities to generate activity for; seed the areas first");
  const people = Math.max(1, opts.people ?? Math.max(200, Math.round(opts.events / 30)));
  const pop = makePopulation(communities, people, seed, opts.focusPath, opts.focusFactor);
  const rows = generate(pop, {
    events: opts.events,
    days,
    seed: opts.eventSeed ?? seed,
    endAt: opts.endAt ?? new Date(),
  });

  if (handle.engine === "postgres") {
    await copyToPostgres(
      (handle.db as unknown as { $client: postgres.Sql }).$client,
      rows,
      opts.events,
      opts.onProgress,
    );
  } else {
    await copyToPglite(
      (handle.db as unknown as { $client: PGlite }).$client,
      rows,
      opts.events,
      opts.onProgress,
    );
  }
  const ms = performance.now() - started;

  // Registered residents that go with the generated people (kept if a larger figure is already there).
  const perArea = new Map<number, number>();
  for (let p = 0; p < people; p++) perArea.set(pop.area[p]!, (perArea.get(pop.area[p]!) ?? 0) + 1);
  const factor = opts.residentsPerPerson ?? 6;
  const entries = [...perArea].map(([areaId, n]) => ({ areaId, residents: Math.round(n * factor) }));
  for (let i = 0; i < entries.length; i += 5000) {
    const part = entries.slice(i, i + 5000);
    await handle.db.execute(sql`insert into generated_residents (area_id, residents)
      select * from unnest(${`{${part.map((e) => e.areaId).join(",")}}`}::int[], ${`{${part.map((e) => e.residents).join(",")}}`}::int[])
      on conflict (area_id) do update set residents = greatest(generated_residents.residents, excluded.residents)`);
  }
  await handle.db.execute(
    sql`insert into generated_activity_runs (source, events, seed, days) values (${opts.source ?? "seed-events"}, ${opts.events}, ${seed}, ${days})`,
  );
  return {
    events: opts.events,
    people,
    ms: Math.round(ms),
    eventsPerSecond: Math.round(opts.events / (ms / 1000)),
    engine: handle.engine,
  };
}
