import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { livelihoodSchemes, timelineEntries } from "~db/schema/livelihood";
import { auditEntries } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { makeScheme, makeSchemeWorld, timelineFor } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { cancelScheme } from "./cancel-scheme.server";
import { createScheme } from "./create-scheme.server";
import { publishScheme } from "./publish-scheme.server";
import type { SchemeFields } from "./scheme-schemas";
import { updateScheme } from "./update-scheme.server";

const DAY = 86_400_000;
let world: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeAll(async () => {
  world = await makeSchemeWorld();
});

function fields(overrides: Partial<SchemeFields> = {}): SchemeFields {
  return {
    title: "2027 甲街微实事",
    description: "",
    budgetMinor: 100_000_00,
    capServiceMinor: 30_000_00,
    capGoodsMinor: null,
    capWorksMinor: 80_000_00,
    categories: ["elderly", "children"],
    exclusions: "物业管理职责范围内的事项",
    supportThreshold: 10,
    supportWindowDays: 14,
    maxProposalsPerResident: 3,
    ...timelineFor("upcoming"),
    noticeDays: 7,
    votingMethod: "budget",
    countingRule: "greedy",
    maxChoices: null,
    councilSize: null,
    ...overrides,
  };
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

const auditOf = (id: string) => db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
const timelineOf = (id: string) => db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
const schemeRow = async (id: string) =>
  (await db.select().from(livelihoodSchemes).where(eq(livelihoodSchemes.id, id)))[0]!;

describe("createScheme", () => {
  test("an official creates a draft for their street, audited", async () => {
    const { official, tree } = world;
    const { id } = await createScheme({
      actor: official,
      actorRoles: official.roles,
      areaId: tree.S.id,
      fields: fields(),
    });
    const row = await schemeRow(id);
    expect(row).toMatchObject({
      status: "draft",
      areaId: tree.S.id,
      budgetMinor: 100_000_00,
      createdBy: official.id,
    });
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(["scheme.created"]);
    expect(audit[0]!.after).toMatchObject({ budgetMinor: 100_000_00, title: "2027 甲街微实事" });
    // A draft is not public: nothing on its timeline.
    expect(await timelineOf(id)).toHaveLength(0);
  });

  test("a committee creates for its own community, not for the street above it or another community", async () => {
    const { committee, tree } = world;
    await expect(
      createScheme({ actor: committee, actorRoles: committee.roles, areaId: tree.C.id, fields: fields() }),
    ).resolves.toHaveProperty("id");
    expect(
      await refusal(
        createScheme({ actor: committee, actorRoles: committee.roles, areaId: tree.S.id, fields: fields() }),
      ),
    ).toEqual({ code: "schemes:errors.notYourArea", status: 403 });
    expect(
      await refusal(
        createScheme({ actor: committee, actorRoles: committee.roles, areaId: tree.C2.id, fields: fields() }),
      ),
    ).toEqual({ code: "schemes:errors.notYourArea", status: 403 });
  });

  test("refused: a resident, a grid, another street, an unknown area", async () => {
    const { official, residents, tree } = world;
    const r = residents[0]!;
    expect(
      (await refusal(createScheme({ actor: r, actorRoles: r.roles, areaId: tree.C.id, fields: fields() })))
        .status,
    ).toBe(403);
    expect(
      await refusal(
        createScheme({ actor: official, actorRoles: official.roles, areaId: tree.G.id, fields: fields() }),
      ),
    ).toEqual({ code: "schemes:errors.levelNotAllowed", status: 403 });
    expect(
      (
        await refusal(
          createScheme({ actor: official, actorRoles: official.roles, areaId: tree.S2.id, fields: fields() }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refusal(
          createScheme({
            actor: official,
            actorRoles: official.roles,
            areaId: 2_000_000_000,
            fields: fields(),
          }),
        )
      ).status,
    ).toBe(404);
  });

  test("the use-case applies the cross-field rules itself (a crafted request)", async () => {
    const { official, tree } = world;
    const now = Date.now();
    const bad = fields({
      votingOpensAt: new Date(now + 5 * DAY),
      collectionClosesAt: new Date(now + 10 * DAY),
    });
    expect(
      await refusal(
        createScheme({ actor: official, actorRoles: official.roles, areaId: tree.S.id, fields: bad }),
      ),
    ).toEqual({ code: "schemes:form.errors.votingAfterCollection", status: 422 });
    expect(
      (
        await refusal(
          createScheme({
            actor: official,
            actorRoles: official.roles,
            areaId: tree.S.id,
            fields: fields({ capWorksMinor: 100_000_01 }),
          }),
        )
      ).code,
    ).toBe("schemes:form.errors.capOverBudget");
  });
});

describe("publishScheme", () => {
  test("draft → published: audited and on the public timeline; twice is refused", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "draft" });
    const now = new Date();
    await publishScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id, now });
    const row = await schemeRow(scheme.id);
    expect(row.status).toBe("published");
    expect(row.publishedAt?.getTime()).toBe(now.getTime());
    expect((await auditOf(scheme.id)).map((a) => a.action)).toEqual(["scheme.published"]);
    const timeline = await timelineOf(scheme.id);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      kind: "schemes:timeline.published",
      official: true,
      actorUserId: official.id,
    });
    expect(
      await refusal(publishScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id })),
    ).toEqual({ code: "schemes:errors.notDraft", status: 409 });
  });

  test("two publishers at once: one publishes, one is told it is no longer a draft", async () => {
    const { official, committee, tree } = world;
    const scheme = await makeScheme(tree.C.id, { phase: "draft" });
    const results = await Promise.allSettled([
      publishScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id }),
      publishScheme({ actor: committee, actorRoles: committee.roles, schemeId: scheme.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await auditOf(scheme.id)).filter((a) => a.action === "scheme.published")).toHaveLength(1);
    expect(await timelineOf(scheme.id)).toHaveLength(1);
  });

  test("refused: another area's official, a forged id, a timeline that has passed", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "draft" });
    const other = await makeStaff("street_official", tree.S2.id, "乙街干部");
    expect(
      (await refusal(publishScheme({ actor: other, actorRoles: other.roles, schemeId: scheme.id }))).status,
    ).toBe(403);
    expect(
      (await refusal(publishScheme({ actor: official, actorRoles: official.roles, schemeId: "not-a-uuid" })))
        .status,
    ).toBe(404);
    expect(
      (
        await refusal(
          publishScheme({
            actor: official,
            actorRoles: official.roles,
            schemeId: "00000000-0000-4000-8000-000000000000",
          }),
        )
      ).status,
    ).toBe(404);
    // Collection closes 15 days out: publishing one second after that is refused, one second before is fine.
    const closes = scheme.collectionClosesAt.getTime();
    expect(
      await refusal(
        publishScheme({
          actor: official,
          actorRoles: official.roles,
          schemeId: scheme.id,
          now: new Date(closes),
        }),
      ),
    ).toEqual({ code: "schemes:errors.timelinePassed", status: 422 });
    await publishScheme({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      now: new Date(closes - 1000),
    });
    expect((await schemeRow(scheme.id)).status).toBe("published");
  });
});

describe("updateScheme", () => {
  test("a draft changes in anything, audited with before and after", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "draft" });
    const result = await updateScheme({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      changes: { budgetMinor: 200_000_00, votingMethod: "approval", maxChoices: 3, title: scheme.title },
    });
    expect(result.changed.sort()).toEqual(["budgetMinor", "maxChoices", "votingMethod"]);
    const row = await schemeRow(scheme.id);
    expect(row).toMatchObject({ budgetMinor: 200_000_00, votingMethod: "approval", maxChoices: 3 });
    const [audit] = await auditOf(scheme.id);
    expect(audit).toMatchObject({
      action: "scheme.updated",
      before: { budgetMinor: 100_000_00, votingMethod: "budget", maxChoices: null },
      after: { budgetMinor: 200_000_00, votingMethod: "approval", maxChoices: 3 },
    });
  });

  test("a draft edit still meets the rules (approval without K is refused)", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "draft" });
    expect(
      await refusal(
        updateScheme({
          actor: official,
          actorRoles: official.roles,
          schemeId: scheme.id,
          changes: { votingMethod: "approval" },
        }),
      ),
    ).toEqual({ code: "schemes:form.errors.approvalNeedsK", status: 422 });
  });

  test("after publishing: texts may change; budget, threshold and windows may not", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "collecting" });
    await updateScheme({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      changes: { title: "新标题", exclusions: "新的负面清单" },
    });
    expect((await schemeRow(scheme.id)).title).toBe("新标题");
    expect((await timelineOf(scheme.id)).map((e) => e.kind)).toEqual(["schemes:timeline.updated"]);
    for (const changes of [
      { budgetMinor: 1 },
      { supportThreshold: 99 },
      { collectionClosesAt: new Date(scheme.collectionClosesAt.getTime() + DAY) },
      { countingRule: "equal-shares" as const },
    ]) {
      expect(
        await refusal(
          updateScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id, changes }),
        ),
      ).toEqual({ code: "schemes:errors.lockedAfterPublish", status: 422 });
    }
    expect((await schemeRow(scheme.id)).budgetMinor).toBe(100_000_00);
  });

  test("voting close: only later, and only before it passes (± 1 s)", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "voting" });
    const closes = scheme.votingClosesAt.getTime();
    expect(
      await refusal(
        updateScheme({
          actor: official,
          actorRoles: official.roles,
          schemeId: scheme.id,
          changes: { votingClosesAt: new Date(closes - DAY) },
        }),
      ),
    ).toEqual({ code: "schemes:errors.votingCloseOnlyLater", status: 422 });
    expect(
      await refusal(
        updateScheme({
          actor: official,
          actorRoles: official.roles,
          schemeId: scheme.id,
          changes: { votingClosesAt: new Date(closes + DAY) },
          now: new Date(closes),
        }),
      ),
    ).toEqual({ code: "schemes:errors.votingAlreadyClosed", status: 409 });
    await updateScheme({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      changes: { votingClosesAt: new Date(closes + DAY) },
      now: new Date(closes - 1000),
    });
    expect((await schemeRow(scheme.id)).votingClosesAt.getTime()).toBe(closes + DAY);
    const timeline = await timelineOf(scheme.id);
    expect(timeline.map((e) => e.kind)).toEqual(["schemes:timeline.votingExtended"]);
    const [audit] = await auditOf(scheme.id);
    expect(audit!.before).toEqual({ votingClosesAt: new Date(closes).toISOString() });
  });

  test("refused: cancelled scheme, another area, forged id", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "collecting", status: "cancelled" });
    expect(
      (
        await refusal(
          updateScheme({
            actor: official,
            actorRoles: official.roles,
            schemeId: scheme.id,
            changes: { title: "x" },
          }),
        )
      ).code,
    ).toBe("schemes:errors.cancelledLocked");
    const other = await makeStaff("street_official", tree.S2.id);
    const mine = await makeScheme(tree.S.id, { phase: "draft" });
    expect(
      (
        await refusal(
          updateScheme({ actor: other, actorRoles: other.roles, schemeId: mine.id, changes: { title: "x" } }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refusal(
          updateScheme({ actor: official, actorRoles: official.roles, schemeId: "x", changes: {} }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("cancelScheme", () => {
  test("a published scheme is cancelled with its reason: audited and on the timeline", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "collecting" });
    await cancelScheme({
      actor: official,
      actorRoles: official.roles,
      schemeId: scheme.id,
      reason: " 预算调整 ",
    });
    const row = await schemeRow(scheme.id);
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "预算调整" });
    const [audit] = await auditOf(scheme.id);
    expect(audit).toMatchObject({ action: "scheme.cancelled", reason: "预算调整" });
    expect((await timelineOf(scheme.id))[0]).toMatchObject({
      kind: "schemes:timeline.cancelled",
      note: "预算调整",
    });
    expect(
      await refusal(
        cancelScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id, reason: "再次" }),
      ),
    ).toEqual({ code: "schemes:errors.alreadyCancelled", status: 409 });
  });

  test("refused: no reason, confirmed scheme, another area", async () => {
    const { official, tree } = world;
    const scheme = await makeScheme(tree.S.id, { phase: "counting" });
    expect(
      (
        await refusal(
          cancelScheme({ actor: official, actorRoles: official.roles, schemeId: scheme.id, reason: "  " }),
        )
      ).code,
    ).toBe("schemes:errors.cancelReasonRequired");
    const confirmed = await makeScheme(tree.S.id, {
      phase: "counting",
      resultsPublishedAt: new Date(),
      confirmedAt: new Date(),
    });
    expect(
      (
        await refusal(
          cancelScheme({ actor: official, actorRoles: official.roles, schemeId: confirmed.id, reason: "x" }),
        )
      ).code,
    ).toBe("schemes:errors.alreadyConfirmed");
    const other = await makeStaff("district_official", world.tree.district.id);
    // An official of the district above may cancel; a committee of a community may not cancel a street scheme.
    await cancelScheme({ actor: other, actorRoles: other.roles, schemeId: scheme.id, reason: "区里统筹" });
    const c2 = await makeScheme(tree.S.id, { phase: "collecting" });
    expect(
      (
        await refusal(
          cancelScheme({
            actor: world.committee,
            actorRoles: world.committee.roles,
            schemeId: c2.id,
            reason: "x",
          }),
        )
      ).status,
    ).toBe(403);
  });
});
