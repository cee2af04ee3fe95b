import { beforeAll, describe, expect, test } from "vitest";
import { assignmentsOf, actorFor, makeReviewWorld } from "../../../tests/helpers/funding-reviews-fixtures";
import { rankCall } from "./ranking.server";
import { declareNoConflict, submitReview } from "./review-assignment.server";
import { startReview } from "./start-review.server";

type World = Awaited<ReturnType<typeof makeReviewWorld>>;

/** Each reviewer of the application gives every criterion the next score of `perReviewer`. */
async function scoreAll(world: World, applicationId: string, perReviewer: number[][]) {
  const list = (await assignmentsOf(applicationId)).sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const [i, a] of list.entries()) {
    const given = perReviewer[i];
    if (!given) continue;
    await declareNoConflict({ actor: { id: a.reviewerId }, assignmentId: a.id });
    await submitReview({
      actor: { id: a.reviewerId },
      assignmentId: a.id,
      scores: world.criteria.map((c, k) => ({ criterionId: c.id, score: given[k]!, comment: "" })),
      recommendation: "fund",
      comment: "可行",
    });
  }
}

describe("rankCall (purchase, bids 80 000 and 100 000, price weight 30)", () => {
  let w: World;
  beforeAll(async () => {
    w = await makeReviewWorld({
      kind: "purchase",
      apps: 3,
      poolSize: 6,
      requested: [80_000_00, 100_000_00, 90_000_00],
    });
    const { actor, actorRoles } = await actorFor(w.official);
    await startReview({ actor, actorRoles, callId: w.call.id });
    // Criteria (all 0–10): weights 25, 30, 15.
    // App A (80k): scores 8/8/8, 6/6/6, 10/10/10 → means 8, 8, 8 → 0.8 × 70 = 56; price 30 → 86.
    await scoreAll(w, w.applications[0]!.id, [
      [8, 8, 8],
      [6, 6, 6],
      [10, 10, 10],
    ]);
    // App B (100k): all 10 → 70; price 80/100 × 30 = 24 → 94. Only two of three reviews submitted.
    await scoreAll(w, w.applications[1]!.id, [
      [10, 10, 10],
      [10, 10, 10],
    ]);
    // App C (90k): nothing submitted: 0 + 80/90 × 30 = 26.67.
  });

  test("totals, price scores, order and completeness", async () => {
    const ranked = await rankCall(w.call.id);
    expect(ranked.map((r) => r.applicationId)).toEqual([
      w.applications[1]!.id,
      w.applications[0]!.id,
      w.applications[2]!.id,
    ]);
    const [b, a, c] = ranked;
    expect(b!.totalScore).toBeCloseTo(94, 9);
    expect(b!.priceScore).toBeCloseTo(24, 9);
    expect(b!.reviewsSubmitted).toBe(2);
    expect(b!.complete).toBe(false);
    expect(a!.totalScore).toBeCloseTo(86, 9);
    expect(a!.priceScore).toBe(30);
    expect(a!.complete).toBe(true);
    expect(a!.rank).toBe(2);
    expect(c!.totalScore).toBeCloseTo((80 / 90) * 30, 9);
    expect(c!.criteria.every((x) => x.aggregated === null && x.count === 0)).toBe(true);
  });

  test("per-criterion aggregation and the spread flag (6 to 10 on 0–10 is exactly 40%: not flagged)", async () => {
    const a = (await rankCall(w.call.id)).find((r) => r.applicationId === w.applications[0]!.id)!;
    expect(a.criteria.map((c) => [c.aggregated, c.count, c.flagged])).toEqual([
      [8, 3, false],
      [8, 3, false],
      [8, 3, false],
    ]);
    expect(a.organisationName).toBe(w.orgs[0]!.org.name);
  });

  test("an unknown or malformed call id ranks nothing", async () => {
    expect(await rankCall("00000000-0000-4000-8000-000000000000")).toEqual([]);
    expect(await rankCall("nope")).toEqual([]);
  });
});

describe("rankCall with trimmed mean and 5 reviewers", () => {
  test("drops one highest and one lowest; a spread above 40% is flagged", async () => {
    const w = await makeReviewWorld({
      apps: 1,
      poolSize: 5,
      reviewersPerApplication: 5,
      aggregation: "trimmed_mean",
    });
    const { actor, actorRoles } = await actorFor(w.official);
    await startReview({ actor, actorRoles, callId: w.call.id });
    const first = [2, 6, 7, 8, 10];
    await scoreAll(
      w,
      w.applications[0]!.id,
      first.map((s) => w.criteria.map((_, k) => (k === 0 ? s : 10))),
    );
    const [r] = await rankCall(w.call.id);
    expect(r!.criteria[0]!.aggregated).toBe(7);
    expect(r!.criteria[0]!.flagged).toBe(true);
    expect(r!.criteria[1]!.aggregated).toBe(10);
    expect(r!.criteria[1]!.flagged).toBe(false);
    // 7/10 × 20 + the other six criteria at full weight (80) = 94.
    expect(r!.totalScore).toBeCloseTo(94, 9);
    expect(r!.complete).toBe(true);
  });
});
