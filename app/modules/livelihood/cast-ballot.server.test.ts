import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { participationEvents } from "~db/schema/ledger";
import { ballots, ballotVoters } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { makeProposal, makeResident, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { getBallotContext, getVotingScheme, listBallotProposals } from "./ballot-queries.server";
import { castBallot } from "./cast-ballot.server";
import { checkReceipt } from "~/modules/livelihood/check-receipt.server";
import { formatReceiptCode } from "~/modules/voting/voter-token.server";

type World = Awaited<ReturnType<typeof makeSchemeWorld>>;
let world: World;
let p1: { id: string };
let p2: { id: string };
let p3: { id: string };
let ineligible: { id: string };

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function refusal(p: Promise<unknown>) {
  const outcome = await settle(p);
  expect(outcome.ok, "should have been refused").toBe(false);
  if (outcome.ok) return null;
  if (!isDomainError(outcome.error)) throw outcome.error;
  return outcome.error;
}

beforeAll(async () => {
  // Budget ¥100,000; proposals ¥40,000, ¥50,000, ¥30,000.
  world = await makeSchemeWorld({ phase: "voting" });
  const author = world.residents[0]!;
  p1 = await makeProposal(world.scheme, author, world.tree.C.id, {
    status: "eligible",
    title: "扶手",
    estimatedCostMinor: 40_000_00,
  });
  p2 = await makeProposal(world.scheme, author, world.tree.C.id, {
    status: "eligible",
    title: "长椅",
    estimatedCostMinor: 90_000_00,
    revisedCostMinor: 50_000_00,
  });
  p3 = await makeProposal(world.scheme, author, world.tree.C.id, {
    status: "eligible",
    title: "路灯",
    estimatedCostMinor: 30_000_00,
  });
  ineligible = await makeProposal(world.scheme, author, world.tree.C.id, { status: "ineligible" });
});

const cast = (voter: World["residents"][number], proposalIds: string[], now?: Date) =>
  castBallot({ voter, voterRoles: voter.roles, schemeId: world.scheme.id, choices: { proposalIds }, now });

async function rollOf(userId: string) {
  return db
    .select()
    .from(ballotVoters)
    .where(and(eq(ballotVoters.schemeId, world.scheme.id), eq(ballotVoters.userId, userId)));
}

async function castEvents() {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(participationEvents)
    .where(
      and(eq(participationEvents.kind, "ballot.cast"), eq(participationEvents.subjectId, world.scheme.id)),
    );
  return row!.n;
}

describe("castBallot", () => {
  test("a resident casts a budget ballot and gets a receipt that checks", async () => {
    const voter = await makeResident(world.tree.C.id, "投票人", world.tree.G.id);
    const result = await cast(voter, [p3.id, p1.id]);
    expect(result.first).toBe(true);
    expect(result.receiptCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    // Stored in ballot order whatever the clicking order.
    expect(result.choices).toEqual({ kind: "select", proposalIds: [p1.id, p3.id] });
    expect(await rollOf(voter.id)).toHaveLength(1);
    const check = await checkReceipt({ code: formatReceiptCode(result.receiptCode).toLowerCase(), ip: null });
    expect(check.found).toBe(true);
    if (check.found) expect(check.chosen.map((c) => c.title)).toEqual(["扶手", "路灯"]);
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.kind, "ballot.cast"), eq(participationEvents.subjectId, world.scheme.id)),
      );
    expect(events.some((e) => e.areaId === world.tree.G.id)).toBe(true);
  });

  test("a changed ballot replaces the old one: one row, new choices, old receipt dead, one event", async () => {
    const voter = await makeResident(world.tree.C.id, "改票人");
    const eventsBefore = await castEvents();
    const first = await cast(voter, [p1.id]);
    const second = await cast(voter, [p2.id, p3.id]);
    expect(second.first).toBe(false);
    expect(second.receiptCode).not.toBe(first.receiptCode);
    const roll = await rollOf(voter.id);
    expect(roll).toHaveLength(1);
    expect(roll[0]!.changedAt).not.toBeNull();
    expect((await checkReceipt({ code: first.receiptCode, ip: null })).found).toBe(false);
    const check = await checkReceipt({ code: second.receiptCode, ip: null });
    expect(check.found && check.chosen.map((c) => c.title)).toEqual(["长椅", "路灯"]);
    expect((await castEvents()) - eventsBefore).toBe(1);
  });

  test("100 parallel casts by one resident leave exactly one roll entry and one ballot", async () => {
    const voter = await makeResident(world.tree.C.id, "连点人");
    const before = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ballots)
      .where(eq(ballots.schemeId, world.scheme.id));
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => settle(cast(voter, i % 2 ? [p1.id] : [p3.id]))),
    );
    for (const o of outcomes) if (!o.ok) expect(isDomainError(o.error), String(o.error)).toBe(true);
    expect(outcomes.filter((o) => o.ok && o.value.first)).toHaveLength(1);
    expect(await rollOf(voter.id)).toHaveLength(1);
    const after = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ballots)
      .where(eq(ballots.schemeId, world.scheme.id));
    expect(after[0]!.n - before[0]!.n).toBe(1);
  });

  test("50 residents voting at once make 50 ballots", async () => {
    const voters = await Promise.all(
      Array.from({ length: 50 }, (_, i) => makeResident(world.tree.C.id, `居民${i}`)),
    );
    const before = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ballots)
      .where(eq(ballots.schemeId, world.scheme.id));
    const outcomes = await Promise.all(voters.map((v) => cast(v, [p1.id, p2.id])));
    expect(outcomes.every((o) => o.first)).toBe(true);
    const after = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ballots)
      .where(eq(ballots.schemeId, world.scheme.id));
    expect(after[0]!.n - before[0]!.n).toBe(50);
  });

  test("the close is judged to the second: −1 s in, exactly at close and +1 s out", async () => {
    const closes = world.scheme.votingClosesAt.getTime();
    const voter = await makeResident(world.tree.C.id, "踩点人");
    const late = await refusal(cast(voter, [p1.id], new Date(closes)));
    expect(late?.code).toBe("voting:errors.closed");
    expect(late?.params.at).toBe(world.scheme.votingClosesAt.toISOString());
    expect((await refusal(cast(voter, [p1.id], new Date(closes + 1000))))?.code).toBe("voting:errors.closed");
    expect(await rollOf(voter.id)).toHaveLength(0);
    expect((await cast(voter, [p1.id], new Date(closes - 1000))).first).toBe(true);
    const early = await refusal(cast(voter, [p1.id], new Date(world.scheme.votingOpensAt.getTime() - 1000)));
    expect(early?.code).toBe("voting:errors.notOpenYet");
  });

  test("refusals: outsider, staff without residence, forged scheme, ineligible or unknown proposal, over budget, empty", async () => {
    const voter = world.residents[1]!;
    const outsider = world.outsider;
    expect((await refusal(cast(outsider, [p1.id])))?.status).toBe(403);
    expect(
      (
        await refusal(
          castBallot({
            voter: world.official,
            voterRoles: world.official.roles,
            schemeId: world.scheme.id,
            choices: { proposalIds: [p1.id] },
          }),
        )
      )?.status,
    ).toBe(403);
    expect(
      (
        await refusal(
          castBallot({
            voter,
            voterRoles: voter.roles,
            schemeId: "not-a-uuid",
            choices: { proposalIds: [p1.id] },
          }),
        )
      )?.status,
    ).toBe(404);
    expect(
      (
        await refusal(
          castBallot({
            voter,
            voterRoles: voter.roles,
            schemeId: crypto.randomUUID(),
            choices: { proposalIds: [p1.id] },
          }),
        )
      )?.status,
    ).toBe(404);
    expect((await refusal(cast(voter, [ineligible.id])))?.code).toBe("voting:errors.unknownProposal");
    expect((await refusal(cast(voter, [crypto.randomUUID()])))?.code).toBe("voting:errors.unknownProposal");
    expect((await refusal(cast(voter, [p1.id, p1.id])))?.code).toBe("voting:errors.unknownProposal");
    // ¥40,000 + ¥50,000 (revised) + ¥30,000 = ¥120,000 > ¥100,000; the revised cost counts, not the estimate.
    const over = await refusal(cast(voter, [p1.id, p2.id, p3.id]));
    expect(over?.code).toBe("voting:errors.overBudget");
    expect(over?.params).toEqual({ total: 120_000, budget: 100_000 });
    expect((await refusal(cast(voter, [])))?.code).toBe("voting:errors.emptyBallot");
    expect(await rollOf(voter.id)).toHaveLength(0);
  });

  test("ballots hold no user id: no column references users or is named like one", async () => {
    const columns = (await db.execute(
      sql`select column_name from information_schema.columns where table_name = 'ballots'`,
    )) as unknown as Array<{ column_name: string }>;
    const rows = Array.isArray(columns)
      ? columns
      : (columns as unknown as { rows: Array<{ column_name: string }> }).rows;
    expect(rows.length).toBeGreaterThan(3);
    for (const { column_name } of rows)
      expect(column_name).not.toMatch(/user|author|person|voter_id|^created|_at$/);
    const fks = (await db.execute(
      sql`select ccu.table_name as target from information_schema.table_constraints tc
          join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
          where tc.table_name = 'ballots' and tc.constraint_type = 'FOREIGN KEY'`,
    )) as unknown as Array<{ target: string }>;
    const targets = (
      Array.isArray(fks) ? fks : (fks as unknown as { rows: Array<{ target: string }> }).rows
    ).map((r) => r.target);
    expect(targets).toContain("livelihood_schemes");
    expect(targets).not.toContain("users");
  });

  test("the one-round-trip read of the vote page gives what the separate queries give", async () => {
    const voter = world.residents[1]!;
    const context = await getBallotContext(world.scheme.id, voter.id);
    expect(context?.scheme).toEqual(await getVotingScheme(world.scheme.id));
    // Same proposals, same statuses (ineligible ones left out), same numbering and costs.
    expect(context?.onBallot).toEqual(await listBallotProposals(world.scheme.id));
    expect(context?.onBallot.map((p) => p.id)).toEqual([p1.id, p2.id, p3.id]);
    expect(context?.onBallot[1]?.cost).toBe(50_000_00);
    const roles = (await listActiveRoles(voter.id)).map(({ role, areaId, areaPath, gridId }) => ({
      role,
      areaId,
      areaPath,
      gridId,
    }));
    const byArea = (a: { areaId: number; role: string }, b: { areaId: number; role: string }) =>
      a.areaId - b.areaId || a.role.localeCompare(b.role);
    expect([...context!.voterRoles].sort(byArea)).toEqual(roles.sort(byArea));
    expect(context!.voterRoles.length).toBeGreaterThan(0);
    // A visitor has no roles; a missing or malformed scheme is null.
    expect((await getBallotContext(world.scheme.id, null))?.voterRoles).toEqual([]);
    expect(await getBallotContext(crypto.randomUUID(), voter.id)).toBeNull();
    expect(await getBallotContext("not-a-uuid", voter.id)).toBeNull();
  });

  test("a cast with the page's read: same checks; a read of another scheme is refused", async () => {
    const voter = await makeResident(world.tree.C.id, "一次读取", world.tree.G.id);
    const context = (await getBallotContext(world.scheme.id, voter.id))!;
    const result = await castBallot({
      voter,
      voterRoles: context.voterRoles,
      schemeId: world.scheme.id,
      choices: { proposalIds: [p3.id, p2.id] },
      loaded: context,
    });
    expect(result.first).toBe(true);
    expect(result.choices).toEqual({ kind: "select", proposalIds: [p2.id, p3.id] });
    const over = await refusal(
      castBallot({
        voter,
        voterRoles: context.voterRoles,
        schemeId: world.scheme.id,
        choices: { proposalIds: [p1.id, p2.id, p3.id] },
        loaded: context,
      }),
    );
    expect(over?.code).toBe("voting:errors.overBudget");
    const outsider = await getBallotContext(world.scheme.id, world.outsider.id);
    expect(
      (
        await refusal(
          castBallot({
            voter: world.outsider,
            voterRoles: outsider!.voterRoles,
            schemeId: world.scheme.id,
            choices: { proposalIds: [p1.id] },
            loaded: outsider!,
          }),
        )
      )?.status,
    ).toBe(403);
    const mismatched = await refusal(
      castBallot({
        voter,
        voterRoles: context.voterRoles,
        schemeId: crypto.randomUUID(),
        choices: { proposalIds: [p1.id] },
        loaded: context,
      }),
    );
    expect(mismatched?.status).toBe(404);
  });

  test("an unknown or malformed receipt code is simply not found", async () => {
    expect((await checkReceipt({ code: "ZZZZZ-ZZZZZ", ip: null })).found).toBe(false);
    expect((await checkReceipt({ code: "hello", ip: null })).found).toBe(false);
  });
});
