import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { proposals, timelineEntries } from "~db/schema/livelihood";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { makeProposal, makeScheme, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { screenProposal, type ScreenProposalInput } from "./screen-proposal.server";
import { listScreeningQueue } from "./screening-queries.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "deliberating" });
});

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, status: error.status, params: error.params };
    throw error;
  }
  throw new Error("expected a refusal");
}

const inScreening = (overrides: Parameters<typeof makeProposal>[3] = {}) =>
  makeProposal(world.scheme, world.residents[0]!, world.tree.C.id, { status: "screening", ...overrides });

function asOfficial(proposalId: string, rest: Partial<ScreenProposalInput> = {}): ScreenProposalInput {
  return {
    actor: world.official,
    actorRoles: world.official.roles,
    proposalId,
    decision: "eligible",
    ...rest,
  };
}

const row = async (id: string) => (await db.select().from(proposals).where(eq(proposals.id, id)))[0]!;
const audits = async (id: string) =>
  (await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).map((a) => a.action).sort();
const timeline = async (id: string) =>
  db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id)).orderBy(timelineEntries.id);

describe("screenProposal", () => {
  test("eligible: status, audit, timeline, decision.made event in the proposal's grid", async () => {
    const p = await inScreening({ gridId: world.tree.G.id });
    const result = await screenProposal(asOfficial(p.id, { note: "符合条件" }));
    expect(result.status).toBe("eligible");
    expect((await row(p.id)).status).toBe("eligible");
    expect(await audits(p.id)).toEqual(["proposal.screened"]);
    const [entry] = await timeline(p.id);
    expect(entry).toMatchObject({
      kind: "schemes:timeline.screenedEligible",
      fromStatus: "screening",
      toStatus: "eligible",
      official: true,
      note: "符合条件",
    });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, p.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "decision.made",
      areaId: world.tree.G.id,
      subjectType: "proposal",
    });
  });

  test("ineligible needs a reason and a note; both are kept", async () => {
    const p = await inScreening();
    expect(
      (
        await refusal(
          screenProposal(asOfficial(p.id, { decision: "ineligible", reason: "excluded_category" })),
        )
      ).code,
    ).toBe("schemes:screening.errors.reasonRequired");
    expect((await row(p.id)).status).toBe("screening");
    await screenProposal(
      asOfficial(p.id, { decision: "ineligible", reason: "excluded_category", note: "属于物业维修范围" }),
    );
    expect(await row(p.id)).toMatchObject({ status: "ineligible", screeningReason: "excluded_category" });
    const [entry] = await timeline(p.id);
    expect(entry).toMatchObject({
      kind: "schemes:timeline.screenedIneligible",
      params: { reason: "excluded_category" },
      note: "属于物业维修范围",
    });
  });

  test("merge into a proposal of the same scheme; not into itself, another scheme's, or a closed one", async () => {
    const target = await inScreening({ title: "加装扶手（合并）" });
    const p = await inScreening();
    expect(
      (await refusal(screenProposal(asOfficial(p.id, { decision: "merge", mergeIntoId: p.id })))).code,
    ).toBe("schemes:screening.errors.mergeIntoSelf");
    const otherScheme = await makeScheme(world.tree.S.id, { phase: "deliberating" });
    const elsewhere = await makeProposal(otherScheme, world.residents[1]!, world.tree.C.id, {
      status: "eligible",
    });
    expect(
      await refusal(screenProposal(asOfficial(p.id, { decision: "merge", mergeIntoId: elsewhere.id }))),
    ).toMatchObject({ code: "schemes:screening.errors.mergeOtherScheme", status: 422 });
    const withdrawn = await inScreening({ status: "withdrawn" });
    expect(
      (await refusal(screenProposal(asOfficial(p.id, { decision: "merge", mergeIntoId: withdrawn.id }))))
        .code,
    ).toBe("schemes:screening.errors.mergeTargetClosed");
    expect(
      (
        await refusal(
          screenProposal(
            asOfficial(p.id, { decision: "merge", mergeIntoId: "00000000-0000-4000-8000-000000000000" }),
          ),
        )
      ).status,
    ).toBe(404);
    await screenProposal(asOfficial(p.id, { decision: "merge", mergeIntoId: target.id }));
    expect(await row(p.id)).toMatchObject({
      status: "merged",
      mergedIntoId: target.id,
      screeningReason: "duplicate",
    });
    expect((await timeline(p.id))[0]).toMatchObject({
      kind: "schemes:timeline.screenedMerged",
      params: { title: "加装扶手（合并）", id: target.id },
    });
  });

  test("over the type cap: eligible refused; a revised cost within the cap (with its note) passes", async () => {
    // Works cap is ¥80,000 in the fixture scheme.
    const p = await inScreening({ type: "works", estimatedCostMinor: 80_000_01 });
    expect(await refusal(screenProposal(asOfficial(p.id)))).toMatchObject({
      code: "schemes:screening.errors.overCap",
      status: 422,
    });
    expect((await refusal(screenProposal(asOfficial(p.id, { revisedCostMinor: 70_000_00 })))).code).toBe(
      "schemes:screening.errors.costNoteRequired",
    );
    expect(
      (await refusal(screenProposal(asOfficial(p.id, { revisedCostMinor: 90_000_00, costNote: "复核" }))))
        .code,
    ).toBe("schemes:screening.errors.overCap");
    await screenProposal(asOfficial(p.id, { revisedCostMinor: 80_000_00, costNote: "按市场价复核" }));
    expect(await row(p.id)).toMatchObject({
      status: "eligible",
      revisedCostMinor: 80_000_00,
      costNote: "按市场价复核",
    });
    expect(await audits(p.id)).toEqual(["proposal.cost_revised", "proposal.screened"]);
    // Over cap does not stop an ineligible decision.
    const q = await inScreening({ type: "works", estimatedCostMinor: 90_000_00 });
    await screenProposal(asOfficial(q.id, { decision: "ineligible", reason: "over_cap", note: "超出上限" }));
    expect((await row(q.id)).status).toBe("ineligible");
  });

  test("an official response is kept on the proposal and audited", async () => {
    const p = await inScreening();
    await screenProposal(asOfficial(p.id, { response: "  感谢建议，将纳入投票。 " }));
    expect(await row(p.id)).toMatchObject({
      officialResponse: "感谢建议，将纳入投票。",
      respondedBy: world.official.id,
    });
    expect(await audits(p.id)).toEqual(["proposal.responded", "proposal.screened"]);
    expect((await timeline(p.id)).map((e) => e.kind)).toEqual([
      "schemes:timeline.screenedEligible",
      "schemes:timeline.responded",
    ]);
  });

  test("two screeners at once: exactly one decides, the other is told it was already screened", async () => {
    const p = await inScreening();
    const results = await Promise.allSettled([
      screenProposal(asOfficial(p.id)),
      screenProposal({
        actor: world.committee,
        actorRoles: world.committee.roles,
        proposalId: p.id,
        decision: "ineligible",
        reason: "not_feasible",
        note: "不可行",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.code).toBe("schemes:screening.errors.alreadyScreened");
    expect(await audits(p.id)).toEqual(["proposal.screened"]);
    expect(await timeline(p.id)).toHaveLength(1);
  });

  test("refused: not in screening, wrong area, a resident, a forged id", async () => {
    const collecting = await inScreening({ status: "collecting" });
    expect((await refusal(screenProposal(asOfficial(collecting.id)))).code).toBe(
      "schemes:screening.errors.notInScreening",
    );
    const done = await inScreening({ status: "eligible" });
    expect((await refusal(screenProposal(asOfficial(done.id)))).code).toBe(
      "schemes:screening.errors.alreadyScreened",
    );
    const p = await inScreening();
    const other = await makeStaff("street_official", world.tree.S2.id);
    expect(
      await refusal(screenProposal({ ...asOfficial(p.id), actor: other, actorRoles: other.roles })),
    ).toMatchObject({
      code: "schemes:errors.notYourArea",
      status: 403,
    });
    // The committee of C2 screens C2's proposals only, not C's.
    const c2 = await makeStaff("committee_member", world.tree.C2.id);
    expect(
      (await refusal(screenProposal({ ...asOfficial(p.id), actor: c2, actorRoles: c2.roles }))).status,
    ).toBe(403);
    const r = world.residents[0]!;
    expect(
      (await refusal(screenProposal({ ...asOfficial(p.id), actor: r, actorRoles: r.roles }))).status,
    ).toBe(403);
    expect((await refusal(screenProposal(asOfficial("forged")))).status).toBe(404);
    expect((await refusal(screenProposal(asOfficial("00000000-0000-4000-8000-000000000000")))).status).toBe(
      404,
    );
    expect((await row(p.id)).status).toBe("screening");
  });

  test("the queue lists only what this person may screen", async () => {
    const scheme = await makeScheme(world.tree.S.id, { phase: "deliberating" });
    const inC = await makeProposal(scheme, world.residents[0]!, world.tree.C.id, { status: "screening" });
    const inC2 = await makeProposal(scheme, world.residents[0]!, world.tree.C2.id, { status: "screening" });
    await makeProposal(scheme, world.residents[0]!, world.tree.C.id, { status: "collecting" });
    const path = world.tree.S.path;
    const forOfficial = await listScreeningQueue(scheme.id, path, world.official.roles);
    expect(forOfficial.queue.map((q) => q.id).sort()).toEqual([inC.id, inC2.id].sort());
    const forCommittee = await listScreeningQueue(scheme.id, path, world.committee.roles);
    expect(forCommittee.queue.map((q) => q.id)).toEqual([inC.id]);
  });
});
