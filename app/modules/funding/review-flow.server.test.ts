import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { roleAssignments } from "~db/schema/accounts";
import { fundingCalls, fundingReviewDraws, fundingScores } from "~db/schema/funding";
import { auditEntries } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { makeApplication, makePersonWithRole } from "../../../tests/helpers/funding-fixtures";
import { actorFor, assignmentsOf, makeReviewWorld } from "../../../tests/helpers/funding-reviews-fixtures";
import { declareNoConflict, recuse, submitReview } from "./review-assignment.server";
import { eligiblePoolFor } from "./review-draw.server";
import { drawReviewers, newDrawSeed, verifyDraw } from "./reviewer-draw";
import { declareConflict } from "./reviewer-conflicts.server";
import { addReviewer, listReviewerPool, removeReviewer } from "./reviewer-pool.server";
import { startReview } from "./start-review.server";

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function refusal(p: Promise<unknown>) {
  const r = await settle(p);
  expect(r.ok).toBe(false);
  if (r.ok || !isDomainError(r.error)) throw r.ok ? new Error("not refused") : r.error;
  return { code: r.error.code, status: r.error.status };
}

async function begin(w: Awaited<ReturnType<typeof makeReviewWorld>>) {
  const { actor, actorRoles } = await actorFor(w.official);
  return startReview({ actor, actorRoles, callId: w.call.id });
}

describe("startReview", () => {
  test("draws N reviewers per eligible application with a recorded, verifiable seed; audited; call in review", async () => {
    const w = await makeReviewWorld({ apps: 2, poolSize: 6 });
    const result = await begin(w);
    expect(result.short).toEqual([]);
    for (const app of w.applications) {
      const [draw] = await db
        .select()
        .from(fundingReviewDraws)
        .where(eq(fundingReviewDraws.applicationId, app.id));
      expect(draw!.reason).toBe("initial");
      expect(draw!.seed).toMatch(/^[0-9a-f]{64}$/);
      expect(draw!.drawn).toHaveLength(3);
      expect(verifyDraw(draw!)).toBe(true);
      expect((await assignmentsOf(app.id)).map((a) => a.status)).toEqual([
        "assigned",
        "assigned",
        "assigned",
      ]);
    }
    const [call] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, w.call.id));
    expect(call!.status).toBe("in_review");
    expect(call!.reviewStartedAt).not.toBeNull();
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, w.call.id));
    expect(audits.map((a) => a.action)).toContain("call.review_started");
  });

  test("two officials starting at once start it once", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 4 });
    const results = await Promise.all([settle(begin(w)), settle(begin(w))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await assignmentsOf(w.applications[0]!.id)).toHaveLength(3);
  });

  test("a small pool draws what it can and reports the shortfall", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 2 });
    const result = await begin(w);
    expect(result.short).toEqual([w.applications[0]!.id]);
    expect(await assignmentsOf(w.applications[0]!.id)).toHaveLength(2);
  });

  test("refused while an application awaits screening, before the close, and for a street official", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 3 });
    await makeApplication(w.call.id, w.orgs[0]!.org.id, { status: "submitted" });
    expect(await refusal(begin(w))).toEqual({ code: "reviews:errors.notAllScreened", status: 409 });
    const street = await makePersonWithRole("street_official", w.areas.street.id);
    const s = await actorFor(street);
    expect((await refusal(startReview({ ...s, callId: w.call.id }))).status).toBe(403);
    await db
      .update(fundingCalls)
      .set({ closesAt: new Date(Date.now() + 86_400_000) })
      .where(eq(fundingCalls.id, w.call.id));
    expect((await refusal(begin(w))).code).toBe("reviews:errors.callNotClosed");
  });
});

describe("the pool excludes members and declared conflicts", () => {
  test("a member of the applicant organisation who is also a reviewer is never drawn (many seeds)", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 3, reviewersPerApplication: 3 });
    // The org's own member holds expert_reviewer too: the pool has 4, the eligible pool 3.
    const insider = await makePersonWithRole("ngo_member", w.areas.district.id, w.orgs[0]!.org.id, "内部人");
    await db
      .insert(roleAssignments)
      .values({ userId: insider.userId, role: "expert_reviewer", areaId: w.areas.district.id });
    const conflicted = await makePersonWithRole("expert_reviewer", w.areas.district.id, null, "有关联的专家");
    await declareConflict({
      actor: { id: conflicted.userId },
      organisationId: w.orgs[0]!.org.id,
      note: "曾任理事",
    });
    const pool = await db.transaction((tx) => eligiblePoolFor(tx, w.applications[0]!, w.areas.district.path));
    expect(pool).not.toContain(insider.userId);
    expect(pool).not.toContain(conflicted.userId);
    expect(pool).toHaveLength(3);
    for (let k = 0; k < 50; k++) {
      const drawnHere = drawReviewers(newDrawSeed(), pool, 3);
      expect(drawnHere).not.toContain(insider.userId);
      expect(drawnHere).not.toContain(conflicted.userId);
    }
    await begin(w);
    const drawn = (await assignmentsOf(w.applications[0]!.id)).map((a) => a.reviewerId);
    expect(drawn).not.toContain(insider.userId);
    expect(drawn).not.toContain(conflicted.userId);
    // And whatever the seed: the draw only ever picks from the recorded eligible pool.
    const [draw] = await db
      .select()
      .from(fundingReviewDraws)
      .where(eq(fundingReviewDraws.applicationId, w.applications[0]!.id));
    expect(draw!.pool).not.toContain(insider.userId);
    expect(draw!.pool).not.toContain(conflicted.userId);
  });

  test("a city pool serves a district call; a street pool does not", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 0 });
    const cityReviewer = await makePersonWithRole("expert_reviewer", w.areas.city.id);
    const streetReviewer = await makePersonWithRole("expert_reviewer", w.areas.street.id);
    const pool = await db.transaction((tx) => eligiblePoolFor(tx, w.applications[0]!, w.areas.district.path));
    expect(pool).toContain(cityReviewer.userId);
    expect(pool).not.toContain(streetReviewer.userId);
  });
});

describe("declaration, recusal and scoring", () => {
  let w: Awaited<ReturnType<typeof makeReviewWorld>>;
  beforeAll(async () => {
    w = await makeReviewWorld({ apps: 1, poolSize: 5 });
    await begin(w);
  });
  const scoresFor = (value: number) =>
    w.criteria.map((c) => ({ criterionId: c.id, score: value, comment: "" }));

  test("recusal records the reason and draws a replacement as its own draw; never the recused one again", async () => {
    const [first] = await assignmentsOf(w.applications[0]!.id);
    await recuse({
      actor: { id: first!.reviewerId },
      assignmentId: first!.id,
      reason: "与该机构负责人为亲属",
    });
    const all = await assignmentsOf(w.applications[0]!.id);
    expect(all).toHaveLength(4);
    expect(all.find((a) => a.id === first!.id)!.status).toBe("recused");
    const draws = await db
      .select()
      .from(fundingReviewDraws)
      .where(eq(fundingReviewDraws.applicationId, w.applications[0]!.id));
    const replacement = draws.find((d) => d.reason === "replacement")!;
    expect(replacement.drawn).toHaveLength(1);
    expect(replacement.pool).not.toContain(first!.reviewerId);
    expect(verifyDraw(replacement)).toBe(true);
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, first!.id), eq(auditEntries.action, "review.recused")));
    expect(audit[0]!.reason).toBe("与该机构负责人为亲属");
  });

  test("scores are refused before the declaration, accepted once after, refused a second time", async () => {
    const a = (await assignmentsOf(w.applications[0]!.id)).find((x) => x.status === "assigned")!;
    const actor = { id: a.reviewerId };
    const submit = () =>
      submitReview({
        actor,
        assignmentId: a.id,
        scores: scoresFor(7),
        recommendation: "fund",
        comment: "设计合理",
      });
    expect((await refusal(submit())).code).toBe("reviews:errors.declareFirst");
    await declareNoConflict({ actor, assignmentId: a.id });
    expect(
      (
        await refusal(
          submitReview({
            actor,
            assignmentId: a.id,
            scores: scoresFor(11),
            recommendation: "fund",
            comment: "x",
          }),
        )
      ).code,
    ).toBe("reviews:errors.scoreOutOfRange");
    expect(
      (
        await refusal(
          submitReview({
            actor,
            assignmentId: a.id,
            scores: scoresFor(5).slice(1),
            recommendation: "fund",
            comment: "x",
          }),
        )
      ).code,
    ).toBe("reviews:errors.scoreEveryCriterion");
    const both = await Promise.all([settle(submit()), settle(submit())]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.select().from(fundingScores).where(eq(fundingScores.assignmentId, a.id))).toHaveLength(
      w.criteria.length,
    );
    expect((await refusal(submit())).code).toBe("reviews:errors.alreadySubmitted");
  });

  test("another reviewer's assignment is not found", async () => {
    const [a, b] = (await assignmentsOf(w.applications[0]!.id)).filter((x) => x.status !== "recused");
    expect(await refusal(declareNoConflict({ actor: { id: b!.reviewerId }, assignmentId: a!.id }))).toEqual({
      code: "reviews:errors.assignmentNotFound",
      status: 404,
    });
  });

  test("after reviewEndsAt a submission is refused", async () => {
    const a = (await assignmentsOf(w.applications[0]!.id)).find((x) => x.status === "assigned")!;
    await declareNoConflict({ actor: { id: a.reviewerId }, assignmentId: a.id });
    const late = new Date(Date.now() + 60 * 86_400_000);
    expect(
      (
        await refusal(
          submitReview({
            actor: { id: a.reviewerId },
            assignmentId: a.id,
            scores: scoresFor(6),
            recommendation: "fund",
            comment: "x",
            now: late,
          }),
        )
      ).code,
    ).toBe("reviews:errors.reviewPeriodOver");
  });
});

describe("reviewer pool", () => {
  test("an official adds an existing account by phone, lists it, removes it; audited; duplicates refused", async () => {
    const w = await makeReviewWorld({ apps: 0, poolSize: 0 });
    const roles = await listActiveRoles(w.official.userId);
    const actor = { id: w.official.userId };
    const expert = await makePersonWithRole("ngo_member", w.areas.community.id, w.orgs[0]?.org.id ?? null);
    const added = await addReviewer({ actor, actorRoles: roles, identifier: expert.identifier });
    expect(
      (await refusal(addReviewer({ actor, actorRoles: roles, identifier: expert.identifier }))).code,
    ).toBe("reviews:errors.alreadyInPool");
    expect((await refusal(addReviewer({ actor, actorRoles: roles, identifier: "13900000000" }))).code).toBe(
      "reviews:errors.personNotFound",
    );
    expect((await refusal(addReviewer({ actor, actorRoles: roles, identifier: "nonsense" }))).code).toBe(
      "reviews:errors.identifierInvalid",
    );
    const listed = await listReviewerPool(roles);
    expect(listed.map((r) => r.userId)).toContain(expert.userId);
    expect(JSON.stringify(listed)).not.toContain(expert.identifier);
    await removeReviewer({ actor, actorRoles: roles, assignmentId: added.assignmentId });
    expect((await listReviewerPool(roles)).map((r) => r.userId)).not.toContain(expert.userId);
    const actions = (
      await db.select().from(auditEntries).where(eq(auditEntries.subjectId, added.assignmentId))
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(["reviewer.added", "reviewer.removed"]);
  });

  test("a resident cannot manage the pool; another district's official cannot remove this one's reviewer", async () => {
    const w = await makeReviewWorld({ apps: 0, poolSize: 1 });
    const resident = await makePersonWithRole("ngo_member", w.areas.district.id);
    expect((await refusal(listReviewerPool(await listActiveRoles(resident.userId)))).status).toBe(403);
    const other = await makeReviewWorld({ apps: 0, poolSize: 0 });
    const [row] = await db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(eq(roleAssignments.userId, w.reviewers[0]!.userId), eq(roleAssignments.role, "expert_reviewer")),
      );
    expect(
      (
        await refusal(
          removeReviewer({
            actor: { id: other.official.userId },
            actorRoles: await listActiveRoles(other.official.userId),
            assignmentId: row!.id,
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("races and notifications", () => {
  test("two reviewers recusing at once each get a distinct replacement; drawn reviewers are notified", async () => {
    const w = await makeReviewWorld({ apps: 1, poolSize: 6 });
    await begin(w);
    const [a, b] = await assignmentsOf(w.applications[0]!.id);
    await Promise.all([
      recuse({ actor: { id: a!.reviewerId }, assignmentId: a!.id, reason: "亲属" }),
      recuse({ actor: { id: b!.reviewerId }, assignmentId: b!.id, reason: "同事" }),
    ]);
    const all = await assignmentsOf(w.applications[0]!.id);
    expect(all).toHaveLength(5);
    expect(new Set(all.map((x) => x.reviewerId)).size).toBe(5);
    expect(all.filter((x) => x.status === "assigned")).toHaveLength(3);
    const notified = await db
      .select({ userId: notifications.userId, kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.subjectId, w.call.id));
    for (const x of all) expect(notified.map((n) => n.userId)).toContain(x.reviewerId);
    expect(new Set(notified.map((n) => n.kind))).toEqual(new Set(["reviews:notifications.drawn"]));
  });
});
