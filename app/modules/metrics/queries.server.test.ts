import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { roleAssignments, users } from "~db/schema/accounts";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { generatedResidents } from "~db/schema/metrics";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { defaultWeights } from "./components";
import {
  getActiveWeights,
  getEngagement,
  getEngagementSeries,
  listChildEngagement,
  listWeightVersions,
} from "./queries.server";
import { runRollup } from "./rollup.server";
import { saveWeights } from "./save-weights.server";

type AreaRef = { id: number; code: string; path: string; parent_id: number };
let community: AreaRef, grid: AreaRef, street: AreaRef;

async function area(where: ReturnType<typeof sql>): Promise<AreaRef> {
  const [row] = rowsOf<AreaRef>(
    await db.execute(sql`select id, code, path, parent_id from areas where ${where} order by code limit 1`),
  );
  return { ...row!, id: Number(row!.id), parent_id: Number(row!.parent_id) };
}

async function person(
  name: string,
  role?: { role: "resident" | "platform_admin" | "district_official"; areaId: number; gridId?: number },
) {
  const [user] = await db
    .insert(users)
    .values({ displayName: name, pseudonymSeed: name })
    .returning({ id: users.id });
  if (role)
    await db
      .insert(roleAssignments)
      .values({ userId: user!.id, role: role.role, areaId: role.areaId, gridId: role.gridId ?? null });
  return user!;
}

let serial = 0;
const at = "2025-06-10T02:00:00Z"; // a Tuesday; ISO week of 2025-06-09
const ev = (kind: string, actor: string, meta: Record<string, unknown> = {}, areaId = grid.id) => ({
  kind,
  actorPseudonym: actor,
  areaId,
  subjectType: "test",
  subjectId: String((serial += 1)),
  occurredAt: new Date(at),
  meta,
});

beforeAll(async () => {
  grid = await area(sql`level = 'grid'`);
  community = await area(sql`id = ${grid.parent_id}`);
  street = await area(sql`id = ${community.parent_id}`);
  // Eligible residents of the community: 40 from generated data (in the grid) + 2 verified residents.
  await db.insert(generatedResidents).values({ areaId: grid.id, residents: 40 });
  await person("居民甲", { role: "resident", areaId: community.id, gridId: grid.id });
  await person("居民乙", { role: "resident", areaId: community.id });
  await db
    .insert(participationEvents)
    .values([
      ev("comment.posted", "a1", { stance: "support" }),
      ev("comment.posted", "a2", { stance: "oppose" }),
      ev("comment.posted", "a3", { stance: "neutral" }),
      ev("comment.posted", "a4"),
      ev("meeting.attended", "a5", {}, community.id),
      ev("meeting.attended", "a6", {}, community.id),
      ev("proposal.published", "o1", {}, community.id),
      ev("matter.raised", "a1"),
      ev("ballot.cast", "a1"),
      ev("ballot.cast", "a2"),
      ev("ballot.cast", "a3"),
      ev("matter.responded", "o1", { onTime: true, responseHours: 10 }, community.id),
      ev("matter.responded", "o1", { onTime: false, responseHours: 100 }, community.id),
      ev("evaluation.submitted", "a4", { rating: "satisfied" }),
      ev("evaluation.submitted", "a5", { rating: "dissatisfied" }),
    ]);
  await runRollup();
});

describe("engagement queries", () => {
  test("one whole month of a community: the worked example, traceable to its counts", async () => {
    const report = await getEngagement({ areaCode: community.code, from: "2025-06-01", to: "2025-07-01" });
    expect(report).not.toBeNull();
    expect(report!.area).toMatchObject({ id: community.id, code: community.code, level: "community" });
    expect(report!).toMatchObject({
      weightsVersion: 1,
      participants: 6,
      events: 15,
      eligibleResidents: 42,
      participantsExact: true,
      eligibleSource: "generated",
    });
    expect(report!.freshAsOf).not.toBeNull();
    expect(report!.eventsByKind).toMatchObject({
      "comment.posted": 4,
      "ballot.cast": 3,
      "matter.responded": 2,
    });
    const by = Object.fromEntries(report!.components.map((c) => [c.key, c]));
    expect(by.breadth).toMatchObject({ score: 71.4, numerator: 6, denominator: 42 });
    expect(by.deliberation).toMatchObject({ score: 50, numerator: 5, denominator: 2 });
    expect(by.turnout).toMatchObject({ score: 28.6, numerator: 3, denominator: 42, extra: { ballots: 3 } });
    expect(by.responsiveness).toMatchObject({ score: 55.6, numerator: 1, denominator: 2 });
    expect(by.responsiveness!.extra).toEqual({ medianResponseHours: 12, meanResponseHours: 55 });
    expect(by.satisfaction).toMatchObject({ score: 55.6, n: 2 });
    for (const key of ["delivery", "transparency", "partnership"])
      expect(by[key]).toMatchObject({ noData: true, score: null });
    // (20·71.4 + 15·50 + 10·28.6 + 15·55.6 + 10·55.6) ÷ 70 = 3854 ÷ 70
    expect(report!.index).toBe(55.1);
  });

  test("the grid, the street and the city see the same people once", async () => {
    const month = { from: "2025-06-01", to: "2025-07-01" };
    const g = await getEngagement({ areaCode: grid.code, ...month });
    // a5, a6 attended a meeting recorded at the community, not in the grid.
    expect(g).toMatchObject({ participants: 5, eligibleResidents: 41, events: 10 });
    const s = await getEngagement({ areaCode: street.code, ...month });
    expect(s).toMatchObject({ participants: 6, events: 15 });
    const city = await getEngagement({ areaCode: street.path.split("/")[1]!, ...month });
    expect(city).toMatchObject({ participants: 6, events: 15 });
    expect(city!.eligibleResidents).toBe(42);
  });

  test("children of the street, ordered by code, one report each", async () => {
    const children = await listChildEngagement({
      areaCode: street.code,
      from: "2025-06-01",
      to: "2025-07-01",
    });
    const codes = children.map((c) => c.area.code);
    expect(codes).toEqual([...codes].sort());
    expect(children.every((c) => c.area.level === "community")).toBe(true);
    const mine = children.find((c) => c.area.code === community.code)!;
    expect(mine.participants).toBe(6);
    const other = children.find((c) => c.area.code !== community.code);
    if (other) {
      expect(other.events).toBe(0);
      expect(other.index).toBeNull();
      expect(other.components.every((c) => c.noData)).toBe(true);
    }
    expect(await listChildEngagement({ areaCode: grid.code, from: "2025-06-01", to: "2025-07-01" })).toEqual(
      [],
    );
  });

  test("ranges that are not one whole period say their participant count is a lower bound", async () => {
    const report = await getEngagement({ areaCode: community.code, from: "2025-06-05", to: "2025-06-20" });
    expect(report).toMatchObject({ participantsExact: false, events: 15, participants: 6 });
    const days = await getEngagement({ areaCode: community.code, from: "2025-06-10", to: "2025-06-11" });
    expect(days).toMatchObject({ participantsExact: false, events: 15 });
    const empty = await getEngagement({ areaCode: community.code, from: "2025-07-01", to: "2025-08-01" });
    expect(empty).toMatchObject({ events: 0, participants: 0, participantsExact: true });
  });

  test("unknown areas and bad periods", async () => {
    expect(await getEngagement({ areaCode: "nowhere", from: "2025-06-01", to: "2025-07-01" })).toBeNull();
    for (const [from, to] of [
      ["2025-06-01", "2025-06-01"],
      ["2025-07-01", "2025-06-01"],
      ["2025-02-30", "2025-03-01"],
      ["yesterday", "2025-03-01"],
    ]) {
      await expect(getEngagement({ areaCode: community.code, from: from!, to: to! })).rejects.toMatchObject({
        code: "metrics:errors.badPeriod",
        status: 400,
      });
    }
  });

  test("series by month and by week", async () => {
    const months = await getEngagementSeries({
      areaCode: community.code,
      from: "2025-05-01",
      to: "2025-08-01",
      granularity: "month",
    });
    expect(months.map((m) => [m.periodStart, m.periodEnd, m.events, m.participants])).toEqual([
      ["2025-05-01", "2025-06-01", 0, 0],
      ["2025-06-01", "2025-07-01", 15, 6],
      ["2025-07-01", "2025-08-01", 0, 0],
    ]);
    expect(months[1]!.index).toBe(55.1);
    // Eligible residents are known, so a month where nobody took part scores a real zero.
    expect(months[0]!.index).toBe(0);
    const weeks = await getEngagementSeries({
      areaCode: community.code,
      from: "2025-06-01",
      to: "2025-06-22",
      granularity: "week",
    });
    expect(weeks.map((w) => w.periodStart)).toEqual(["2025-05-26", "2025-06-02", "2025-06-09", "2025-06-16"]);
    expect(weeks[2]).toMatchObject({ events: 15, participants: 6 });
    expect(weeks[2]!.components.find((c) => c.key === "turnout")).toMatchObject({ numerator: 3 });
  });
});

describe("index weights", () => {
  test("version 1 is the defaults", async () => {
    expect(await getActiveWeights()).toMatchObject({ version: 1, weights: defaultWeights });
  });

  test("refused unless a city admin; refused unless they sum to 100; nothing written when refused", async () => {
    const official = await person("区干部", { role: "district_official", areaId: street.parent_id });
    const admin = await person("管理员", {
      role: "platform_admin",
      areaId: Number(
        rowsOf<{ id: number }>(await db.execute(sql`select id from areas where level = 'city' limit 1`))[0]!
          .id,
      ),
    });
    const good = { ...defaultWeights, breadth: 30, partnership: 0, transparency: 5 };
    await expect(saveWeights({ actor: official, weights: good })).rejects.toMatchObject({
      code: "metrics:errors.forbidden",
      status: 403,
    });
    const refused = await saveWeights({ actor: admin, weights: { ...good, breadth: 31 } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: "metrics:errors.weightsSum", status: 400 });
    expect(await listWeightVersions()).toHaveLength(1);
    expect(
      await db.select().from(auditEntries).where(eq(auditEntries.action, "metrics.weights_changed")),
    ).toHaveLength(0);

    // Two saves at once get consecutive versions.
    const [a, b] = await Promise.all([
      saveWeights({ actor: admin, weights: good, note: "更重视广度" }),
      saveWeights({ actor: admin, weights: defaultWeights }),
    ]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const versions = await listWeightVersions();
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    const audits = await db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.action, "metrics.weights_changed"));
    expect(audits).toHaveLength(2);
    expect(audits.every((e) => e.actorUserId === admin.id)).toBe(true);

    const latest = await getActiveWeights();
    const report = await getEngagement({ areaCode: community.code, from: "2025-06-01", to: "2025-07-01" });
    expect(report!.weightsVersion).toBe(latest.version);
    expect(report!.components.find((c) => c.key === "breadth")!.weight).toBe(latest.weights.breadth);
  });
});
