import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { livelihoodSchemes, proposals, timelineEntries } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  makeProposal,
  makeResident,
  makeScheme,
  makeSchemeWorld,
} from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { castBallot } from "./cast-ballot.server";
import { countScheme } from "./count-scheme.server";
import { enterPaperBallot } from "./enter-paper-ballot.server";
import { publishResults } from "./publish-results.server";
import { recordCouncilVote } from "./record-council-vote.server";

type World = Awaited<ReturnType<typeof makeSchemeWorld>>;
let world: World;
let official: World["official"] & { roles: Awaited<ReturnType<typeof listActiveRoles>> };

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
  world = await makeSchemeWorld({ phase: "voting" });
  official = { ...world.official, roles: await listActiveRoles(world.official.id) };
});

const after = (scheme: { votingClosesAt: Date }, ms = 1000) => new Date(scheme.votingClosesAt.getTime() + ms);

/** A budget scheme of ¥100 with A, B, C at ¥50 each: 3 residents want A and B, 2 want C. */
async function splitVote(rule: "greedy" | "equal-shares") {
  const scheme = await makeScheme(world.tree.S.id, {
    phase: "voting",
    budgetMinor: 100_00,
    countingRule: rule,
  });
  const author = world.residents[0]!;
  const make = (title: string) =>
    makeProposal(scheme, author, world.tree.C.id, { status: "eligible", title, estimatedCostMinor: 50_00 });
  const a = await make("A");
  const b = await make("B");
  const c = await make("C");
  const voters = await Promise.all([1, 2, 3, 4, 5].map((i) => makeResident(world.tree.C.id, `分票${i}`)));
  for (const [i, v] of voters.entries()) {
    await castBallot({
      voter: v,
      voterRoles: v.roles,
      schemeId: scheme.id,
      choices: { proposalIds: i < 3 ? [a.id, b.id] : [c.id] },
    });
  }
  return { scheme, a, b, c };
}

describe("countScheme", () => {
  test("is refused before the close, and the first count is kept", async () => {
    const { scheme, a, b } = await splitVote("greedy");
    const early = await refusal(countScheme(scheme.id, new Date(scheme.votingClosesAt.getTime() - 1000)));
    expect(early?.code).toBe("voting:errors.notClosed");
    const first = await countScheme(scheme.id, scheme.votingClosesAt);
    expect(first.result.winners).toEqual([a.id, b.id]);
    expect(first.result.spend).toBe(100_00);
    expect(first.ballotCount).toBe(5);
    // A later count (even after more data) reads the stored one.
    const again = await countScheme(scheme.id, after(scheme, 60_000));
    expect(again.countedAt.getTime()).toBe(first.countedAt.getTime());
    expect((await refusal(countScheme(crypto.randomUUID())))?.status).toBe(404);
  });

  test("greedy and equal shares differ where the minority's project should get its share", async () => {
    const greedy = await splitVote("greedy");
    const shares = await splitVote("equal-shares");
    const g = await countScheme(greedy.scheme.id, after(greedy.scheme));
    const s = await countScheme(shares.scheme.id, after(shares.scheme));
    expect(g.result.winners).toEqual([greedy.a.id, greedy.b.id]);
    expect(new Set(s.result.winners)).toEqual(new Set([shares.a.id, shares.c.id]));
    expect(s.result.rule).toBe("equal-shares");
    expect(s.result.equalShares?.increments).toBeGreaterThan(0);
    // A and B tie on votes and cost: the order of the project numbers decided it.
    expect(g.result.ties.some((t) => t.proposalId === greedy.a.id && t.decidedBy === "order")).toBe(true);
    const rows = g.result.rows;
    expect(rows.map((r) => [r.title, r.votes, r.selected, r.cumulative])).toEqual([
      ["A", 3, true, 50_00],
      ["B", 3, true, 100_00],
      ["C", 2, false, null],
    ]);
  });

  test("paper ballots are counted with the online ones; a sheet enters once; only managers enter", async () => {
    const scheme = await makeScheme(world.tree.S.id, { phase: "voting", budgetMinor: 100_00 });
    const x = await makeProposal(scheme, world.residents[0]!, world.tree.C.id, {
      status: "eligible",
      estimatedCostMinor: 60_00,
    });
    const y = await makeProposal(scheme, world.residents[0]!, world.tree.C.id, {
      status: "eligible",
      estimatedCostMinor: 60_00,
    });
    const voter = world.residents[1]!;
    await castBallot({
      voter,
      voterRoles: voter.roles,
      schemeId: scheme.id,
      choices: { proposalIds: [x.id] },
    });
    const paper = (sheet: string, ids: string[], who = official) =>
      enterPaperBallot({
        actor: who,
        actorRoles: who.roles,
        schemeId: scheme.id,
        sheet,
        choices: { proposalIds: ids },
      });
    await paper("0001", [y.id]);
    await paper("0002", [y.id]);
    expect((await refusal(paper("0001", [x.id])))?.code).toBe("voting:errors.sheetTaken");
    expect((await refusal(paper("0003", [x.id, y.id])))?.code).toBe("voting:errors.overBudget");
    const resident = { ...voter, roles: voter.roles };
    expect((await refusal(paper("0004", [x.id], resident)))?.status).toBe(403);
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, scheme.id));
    expect(audits.filter((a) => a.action === "ballot.paper_entered")).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(y.id);

    const counted = await countScheme(scheme.id, after(scheme));
    expect(counted.result.ballots).toEqual({ online: 1, paper: 2, total: 3 });
    expect(counted.result.winners).toEqual([y.id]);

    // A sheet entered after the close (before publication) drops the stored count; the next one has it.
    await enterPaperBallot({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      sheet: "0005",
      choices: { proposalIds: [x.id] },
      now: after(scheme, 5_000),
    });
    const recounted = await countScheme(scheme.id, after(scheme, 10_000));
    expect(recounted.result.ballots).toEqual({ online: 1, paper: 3, total: 4 });
  });

  test("publishResults moves every proposal once, even when two officials press at once", async () => {
    const { scheme, a, b, c } = await splitVote("greedy");
    const other = await makeStaff("street_official", world.tree.S.id, "另一位干部");
    const otherWithRoles = { ...other, roles: await listActiveRoles(other.id) };
    const early = await refusal(
      publishResults({
        actor: official,
        actorRoles: official.roles,
        schemeId: scheme.id,
        now: new Date(scheme.votingClosesAt.getTime() - 1000),
      }),
    );
    expect(early?.code).toBe("voting:errors.notClosed");
    const outsider = await refusal(
      publishResults({
        actor: world.residents[0]!,
        actorRoles: world.residents[0]!.roles,
        schemeId: scheme.id,
        now: after(scheme),
      }),
    );
    expect(outsider?.status).toBe(403);
    const now = after(scheme);
    const outcomes = await Promise.all(
      [official, otherWithRoles].map((who) =>
        settle(publishResults({ actor: who, actorRoles: who.roles, schemeId: scheme.id, now })),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes)
      if (!o.ok) expect(isDomainError(o.error) && o.error.code).toBe("voting:errors.alreadyPublished");

    const statuses = await db
      .select({ id: proposals.id, status: proposals.status })
      .from(proposals)
      .where(eq(proposals.schemeId, scheme.id));
    const statusOf = (id: string) => statuses.find((s) => s.id === id)!.status;
    expect([statusOf(a.id), statusOf(b.id), statusOf(c.id)]).toEqual([
      "selected",
      "selected",
      "not_selected",
    ]);
    const [row] = await db.select().from(livelihoodSchemes).where(eq(livelihoodSchemes.id, scheme.id));
    expect(row!.resultsPublishedAt?.getTime()).toBe(now.getTime());
    expect(row!.noticeEndsAt?.getTime()).toBe(now.getTime() + 7 * 24 * 3600 * 1000);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, c.id));
    expect(timeline.map((t) => t.kind)).toEqual(["voting:timeline.notSelected"]);
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, scheme.id));
    expect(audits.filter((x) => x.action === "results.published")).toHaveLength(1);
    const events = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, scheme.id));
    expect(events.filter((e) => e.kind === "notice.published")).toHaveLength(1);
    // Paper ballots are closed once the results are out.
    const paper = await refusal(
      enterPaperBallot({
        actor: official,
        actorRoles: official.roles,
        schemeId: scheme.id,
        sheet: "9",
        choices: { proposalIds: [c.id] },
      }),
    );
    expect(paper?.code).toBe("voting:errors.paperClosed");
  });

  test("council: the recorded meeting decides, with quorum and majority", async () => {
    const scheme = await makeScheme(world.tree.S.id, {
      phase: "voting",
      votingMethod: "council",
      councilSize: 9,
    });
    const make = (title: string) =>
      makeProposal(scheme, world.residents[0]!, world.tree.C.id, { status: "eligible", title });
    const passes = await make("过");
    const noQuorum = await make("不足");
    const missing = await make("未议");
    const record = (proposalId: string, present: number, yes: number) =>
      recordCouncilVote({
        actor: official,
        actorRoles: official.roles,
        schemeId: scheme.id,
        proposalId,
        members: 9,
        present,
        yes,
        no: present - yes,
        abstain: 0,
      });
    expect((await record(passes.id, 7, 4)).passed).toBe(true);
    expect((await record(noQuorum.id, 6, 6)).reason).toBe("noQuorum");
    expect((await refusal(record(missing.id, 10, 1)))?.code).toBe("voting:errors.councilNumbers");
    const voter = world.residents[0]!;
    expect(
      (
        await refusal(
          castBallot({
            voter,
            voterRoles: voter.roles,
            schemeId: scheme.id,
            choices: { proposalIds: [passes.id] },
          }),
        )
      )?.code,
    ).toBe("voting:errors.councilOnly");
    // A correction replaces the record; one decision event per proposal.
    await record(passes.id, 8, 5);
    const events = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, passes.id));
    expect(events.filter((e) => e.kind === "decision.made")).toHaveLength(1);
    const counted = await countScheme(scheme.id, after(scheme));
    expect(counted.result.winners).toEqual([passes.id]);
    expect(counted.result.steps.map((s) => s.key)).toEqual([
      "voting:steps.councilPassed",
      "voting:steps.councilNoQuorum",
      "voting:steps.councilMissing",
    ]);
  });

  test("approval of up to K and yes/no", async () => {
    const approval = await makeScheme(world.tree.S.id, {
      phase: "voting",
      votingMethod: "approval",
      maxChoices: 1,
    });
    const yesNo = await makeScheme(world.tree.S.id, { phase: "voting", votingMethod: "yes_no" });
    const p = await makeProposal(approval, world.residents[0]!, world.tree.C.id, { status: "eligible" });
    const q = await makeProposal(approval, world.residents[0]!, world.tree.C.id, { status: "eligible" });
    const m = await makeProposal(yesNo, world.residents[0]!, world.tree.C.id, { status: "eligible" });
    const n = await makeProposal(yesNo, world.residents[0]!, world.tree.C.id, { status: "eligible" });
    const [r1, r2, r3] = world.residents as [
      World["residents"][number],
      World["residents"][number],
      World["residents"][number],
    ];
    const vote = (v: typeof r1, schemeId: string, choices: Parameters<typeof castBallot>[0]["choices"]) =>
      castBallot({ voter: v, voterRoles: v.roles, schemeId, choices });
    expect((await refusal(vote(r1, approval.id, { proposalIds: [p.id, q.id] })))?.code).toBe(
      "voting:errors.tooMany",
    );
    await vote(r1, approval.id, { proposalIds: [q.id] });
    await vote(r2, approval.id, { proposalIds: [q.id] });
    await vote(r3, approval.id, { proposalIds: [p.id] });
    expect((await refusal(vote(r1, yesNo.id, { answers: { [m.id]: "yes" } })))?.code).toBe(
      "voting:errors.answerEach",
    );
    await vote(r1, yesNo.id, { answers: { [m.id]: "yes", [n.id]: "no" } });
    await vote(r2, yesNo.id, { answers: { [m.id]: "abstain", [n.id]: "yes" } });
    const a = await countScheme(approval.id, after(approval));
    expect(a.result.winners).toEqual([q.id]);
    expect(a.result.k).toBe(1);
    const y = await countScheme(yesNo.id, after(yesNo));
    // m: 1 yes, 0 no → passes; n: 1 yes, 1 no → a tie is not a pass.
    expect(y.result.winners).toEqual([m.id]);
    expect(y.result.rows.find((r) => r.proposalId === n.id)).toMatchObject({
      yes: 1,
      no: 1,
      abstain: 0,
      selected: false,
    });
  });
});
