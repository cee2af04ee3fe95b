import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { participationEvents } from "~db/schema/ledger";
import { db, dbHandle } from "~/lib/db.server";
import { runRollup } from "./rollup.server";

type AreaRef = { id: number; code: string; path: string };
let city: AreaRef,
  district: AreaRef,
  street: AreaRef,
  community: AreaRef,
  g1: AreaRef,
  g2: AreaRef,
  otherCommunity: AreaRef;

async function area(where: ReturnType<typeof sql>): Promise<AreaRef> {
  const [row] = rowsOf<AreaRef>(
    await db.execute(sql`select id, code, path from areas where ${where} order by code limit 1`),
  );
  return { ...row!, id: Number(row!.id) };
}

beforeAll(async () => {
  community = await area(
    sql`level = 'community' and (select count(*) from areas g where g.parent_id = areas.id) >= 2
      and (select count(*) from areas s where s.parent_id = areas.parent_id) >= 2`,
  );
  const codes = community.path.split("/").filter(Boolean);
  city = await area(sql`code = ${codes[0]!}`);
  district = await area(sql`code = ${codes[1]!}`);
  street = await area(sql`code = ${codes[2]!}`);
  g1 = await area(sql`parent_id = ${community.id}`);
  g2 = await area(sql`parent_id = ${community.id} and id <> ${g1.id}`);
  otherCommunity = await area(
    sql`level = 'community' and parent_id = (select parent_id from areas where id = ${community.id}) and id <> ${community.id}`,
  );
});

let serial = 0;
type NewEvent = { kind: string; actor: string; areaId: number; at?: string; meta?: Record<string, unknown> };
const event = (e: NewEvent) => ({
  kind: e.kind,
  actorPseudonym: e.actor,
  areaId: e.areaId,
  subjectType: "test",
  subjectId: String((serial += 1)),
  occurredAt: new Date(e.at ?? "2026-03-10T04:00:00Z"),
  meta: e.meta ?? {},
});

async function add(...events: NewEvent[]) {
  await db.insert(participationEvents).values(events.map(event));
}

async function rollupRow(areaId: number, grain: string, periodStart: string, kind: string) {
  const [row] = rowsOf<{ events: number; actors: number; qualified: number }>(
    await db.execute(
      sql`select events, actors, qualified from engagement_rollups where area_id = ${areaId} and grain = ${grain}::engagement_grain and period_start = ${periodStart}::date and kind = ${kind}`,
    ),
  );
  return row
    ? { events: Number(row.events), actors: Number(row.actors), qualified: Number(row.qualified) }
    : null;
}

async function ledgerCount() {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from participation_events`),
  );
  return Number(row!.n);
}

/** Events counted at city level for one grain: each ledger event must appear exactly once. */
async function cityEvents(grain: string) {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(
      sql`select coalesce(sum(events), 0)::int as n from engagement_rollups where area_id = ${city.id} and grain = ${grain}::engagement_grain and kind <> '*'`,
    ),
  );
  return Number(row!.n);
}

describe("runRollup", () => {
  test("distinct participants per level: a person active in two grids counts once in their community and above", async () => {
    await add(
      { kind: "comment.posted", actor: "p-two-grids", areaId: g1.id, meta: { stance: "support" } },
      { kind: "comment.posted", actor: "p-two-grids", areaId: g2.id },
      { kind: "meeting.attended", actor: "p-two-grids", areaId: community.id },
      { kind: "comment.posted", actor: "q-one-grid", areaId: g1.id },
      { kind: "comment.posted", actor: "r-elsewhere", areaId: otherCommunity.id },
      // An official's act is an event but not a participant.
      {
        kind: "matter.responded",
        actor: "official",
        areaId: community.id,
        meta: { onTime: true, responseHours: 30 },
      },
    );
    const result = await runRollup();
    expect(result.events).toBe(6);
    const month = (a: AreaRef) => rollupRow(a.id, "month", "2026-03-01", "*");
    expect((await month(g1))?.actors).toBe(2);
    expect((await month(g2))?.actors).toBe(1);
    expect((await month(community))?.actors).toBe(2);
    expect((await month(otherCommunity))?.actors).toBe(1);
    expect((await month(street))?.actors).toBe(3);
    expect((await month(district))?.actors).toBe(3);
    expect((await month(city))?.actors).toBe(3);
    // Same in the other grains that keep distinct counts.
    expect((await rollupRow(community.id, "week", "2026-03-09", "*"))?.actors).toBe(2);
    expect((await rollupRow(city.id, "year", "2026-01-01", "*"))?.actors).toBe(3);
    // Per-kind counters at every level, qualified by the kind's rule.
    expect(await rollupRow(community.id, "day", "2026-03-10", "comment.posted")).toMatchObject({
      events: 3,
      qualified: 1,
    });
    expect(await rollupRow(city.id, "month", "2026-03-01", "matter.responded")).toMatchObject({
      events: 1,
      qualified: 1,
    });
    expect(await rollupRow(city.id, "year", "2026-01-01", "matter.responded")).toMatchObject({
      events: 1,
      qualified: 1,
    });
    // Distinct people are also kept per quarter.
    expect((await rollupRow(street.id, "quarter", "2026-01-01", "*"))?.actors).toBe(3);

    // A later batch: the same person in the other grid again, and a new place for q. No double count.
    await add(
      { kind: "ballot.cast", actor: "p-two-grids", areaId: g2.id, at: "2026-03-20T02:00:00Z" },
      { kind: "ballot.cast", actor: "q-one-grid", areaId: g2.id, at: "2026-03-20T02:00:00Z" },
      { kind: "ballot.cast", actor: "q-one-grid", areaId: g2.id, at: "2026-03-21T02:00:00Z" },
      {
        kind: "matter.responded",
        actor: "official",
        areaId: community.id,
        at: "2026-03-21T02:00:00Z",
        meta: { onTime: false, responseHours: 100 },
      },
    );
    expect((await runRollup()).events).toBe(4);
    // Response-hour histograms merge across runs: 30 h falls in bin [24, 36), 100 h in [96, 120).
    const [hist] = rowsOf<{ hours_hist: number[] | string }>(
      await db.execute(
        sql`select hours_hist from engagement_rollups where area_id = ${street.id} and grain = 'month' and period_start = '2026-03-01' and kind = 'matter.responded'`,
      ),
    );
    const bins =
      typeof hist!.hours_hist === "string"
        ? hist!.hours_hist.replace(/[{}]/g, "").split(",").map(Number)
        : hist!.hours_hist.map(Number);
    expect(bins).toHaveLength(23);
    expect(bins[9]).toBe(1);
    expect(bins[13]).toBe(1);
    expect(bins.reduce((a, b) => a + b, 0)).toBe(2);
    expect((await month(g2))?.actors).toBe(2);
    expect((await month(community))?.actors).toBe(2);
    expect((await month(city))?.actors).toBe(3);
    expect(await rollupRow(community.id, "month", "2026-03-01", "ballot.cast")).toMatchObject({
      events: 3,
      actors: 2,
    });

    // A repeated run finds nothing and changes nothing.
    const again = await runRollup();
    expect(again.events).toBe(0);
    expect((await month(city))?.actors).toBe(3);
    expect(await cityEvents("year")).toBe(await ledgerCount());
  });

  test("local days: an event at 20:00 UTC belongs to the next Guangzhou day", async () => {
    await add({ kind: "matter.raised", actor: "late", areaId: g1.id, at: "2026-05-31T20:00:00Z" });
    await runRollup();
    expect(await rollupRow(g1.id, "day", "2026-06-01", "matter.raised")).toMatchObject({ events: 1 });
    expect(await rollupRow(g1.id, "month", "2026-06-01", "*")).toMatchObject({ actors: 1 });
  });

  test("exactly once under concurrent inserts, a late-committing writer and two rollups at once", async () => {
    const before = await ledgerCount();
    await runRollup();
    const writers = Array.from({ length: 4 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 10; i++) {
          await add(
            {
              kind: "comment.posted",
              actor: `w${w}-${i % 3}`,
              areaId: i % 2 ? g1.id : g2.id,
              at: "2026-04-02T03:00:00Z",
            },
            { kind: "ballot.cast", actor: `w${w}-${i % 3}`, areaId: g1.id, at: "2026-04-02T03:00:00Z" },
          );
        }
      })(),
    );
    // Takes an id, then waits while later ids commit and rollups run, then commits.
    const late = db.transaction(async (tx) => {
      await tx
        .insert(participationEvents)
        .values(
          event({ kind: "comment.posted", actor: "late-writer", areaId: g1.id, at: "2026-04-02T03:00:00Z" }),
        );
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const rollups = Array.from({ length: 3 }, async () => {
      for (let i = 0; i < 3; i++) await runRollup({ chunkSize: 7 });
    });
    await Promise.all([...writers, late, ...rollups]);
    // Two runs at the same time over the same backlog: one does the work, the other finds nothing.
    await add(
      ...Array.from({ length: 20 }, (_, i) => ({
        kind: "matter.raised",
        actor: `m${i}`,
        areaId: community.id,
        at: "2026-04-03T03:00:00Z",
      })),
    );
    const [a, b] = await Promise.all([runRollup(), runRollup()]);
    expect(a.events + b.events).toBe(20);
    expect(Math.min(a.events, b.events)).toBe(0);

    const total = await ledgerCount();
    expect(total - before).toBe(4 * 10 * 2 + 1 + 20);
    for (const grain of ["day", "month", "year"]) expect(await cityEvents(grain)).toBe(total);
    // Distinct people in April: 12 writers + the late writer + 20 matter raisers.
    expect((await rollupRow(city.id, "month", "2026-04-01", "*"))?.actors).toBe(12 + 1 + 20);
    expect((await rollupRow(community.id, "month", "2026-04-01", "ballot.cast"))?.actors).toBe(12);
  });

  test("a writer holding its transaction open delays a run by 5 s at most; the next run counts its event", async () => {
    if ((await dbHandle()).engine !== "postgres") return; // PGlite has one connection: nothing runs alongside.
    await runRollup();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = db.transaction(async (tx) => {
      await tx
        .insert(participationEvents)
        .values(event({ kind: "comment.posted", actor: "slow", areaId: g1.id }));
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const skipped = await runRollup();
    expect(skipped.events).toBe(0);
    expect(performance.now() - started).toBeLessThan(8_000);
    release();
    await slow;
    expect((await runRollup()).events).toBe(1);
  });
});
