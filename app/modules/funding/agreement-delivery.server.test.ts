import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { users } from "~db/schema/accounts";
import {
  fundingAgreements,
  fundingApplications,
  fundingAwards,
  fundingDisbursements,
  fundingReports,
  fundingReviewAssignments,
  fundingTranches,
} from "~db/schema/funding";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { timelineEntries } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { linkProjectToCall, makeReviewedCall } from "../../../tests/helpers/funding-awards-fixtures";
import { findVisibleAgreement } from "./agreement-queries.server";
import { signAgreement } from "./agreement-sign.server";
import { confirmAwards } from "./award-confirm.server";
import { publishAwardNotice } from "./award-notice.server";
import { proposeAwards } from "./award-propose.server";
import { recordEvaluation } from "./evaluation-record.server";
import { getCallResults, grantsJson, resultsCsv, resultsJson } from "./funding-exports.server";
import { decideReport } from "./report-decide.server";
import { submitReport } from "./report-submit.server";

const day = 24 * 3_600_000;

async function refusal(p: Promise<unknown>) {
  const r = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!r) throw new Error("not refused");
  if (!isDomainError(r)) throw r;
  return r.code;
}

/** Two NGOs awarded ¥20,000 and ¥10,000 (greedy) on a district call, confirmed; the first delivers a project. */
async function awarded() {
  const w = await makeReviewedCall({
    budget: 50_000,
    cap: 30_000,
    apps: [
      { request: 20_000, score: 9 },
      { request: 10_000, score: 8 },
      { request: 40_000, score: 5 },
    ],
  });
  const project = await linkProjectToCall(w.call.id, w.areas.street.id, w.areas.community.id);
  await db
    .update(fundingApplications)
    .set({ livelihoodProjectId: project.id })
    .where(eq(fundingApplications.id, w.applications[0]!.id));
  const ctx = { actor: w.official, actorRoles: w.official.roles, callId: w.call.id };
  await proposeAwards({
    ...ctx,
    awards: [
      { applicationId: w.applications[0]!.id, amountMinor: 20_000_00 },
      { applicationId: w.applications[1]!.id, amountMinor: 10_000_00 },
    ],
  });
  const t0 = new Date(Date.now() - 30 * day);
  await publishAwardNotice({ ...ctx, now: t0 });
  await confirmAwards({ ...ctx, now: new Date(t0.getTime() + 8 * day) });
  const awards = await db.select().from(fundingAwards).where(eq(fundingAwards.callId, w.call.id));
  const awardOf = (appId: string) => awards.find((a) => a.applicationId === appId)!;
  return { ...w, project, awardA: awardOf(w.applications[0]!.id), awardB: awardOf(w.applications[1]!.id) };
}

const terms = {
  startsOn: "2027-01-01",
  endsOn: "2027-12-31",
  percents: { signing: 50, midterm: 40, final: 10 },
  midtermDueOn: "2027-06-30",
  finalDueOn: "2027-12-31",
};

async function signed(
  w: Awaited<ReturnType<typeof awarded>>,
  awardId = w.awardA.id,
  now = new Date("2026-12-20T02:00:00Z"),
) {
  const { id } = await signAgreement({
    actor: w.official,
    actorRoles: w.official.roles,
    awardId,
    ...terms,
    now,
  });
  return id;
}

const trancheStatuses = async (agreementId: string) =>
  (
    await db
      .select()
      .from(fundingTranches)
      .where(eq(fundingTranches.agreementId, agreementId))
      .orderBy(fundingTranches.position)
  ).map((t) => [t.milestone, t.status, t.amountMinor]);

describe("agreements and tranches", () => {
  test("signing creates 50/40/10 tranches and due reports, and releases the signing tranche at once", async () => {
    const w = await awarded();
    const id = await signed(w);
    expect(await trancheStatuses(id)).toEqual([
      ["signing", "released", 10_000_00],
      ["midterm", "pending", 8_000_00],
      ["final", "pending", 2_000_00],
    ]);
    const ledger = await db.select().from(fundingDisbursements);
    expect(ledger.filter((l) => l.releasedBy === w.official.id).map((l) => l.amountMinor)).toContain(
      10_000_00,
    );
    const reports = await db.select().from(fundingReports).where(eq(fundingReports.agreementId, id));
    expect(reports.map((r) => [r.milestone, r.status]).sort()).toEqual([
      ["final", "due"],
      ["midterm", "due"],
    ]);
    const actions = (
      await db.select().from(auditEntries).where(eq(auditEntries.actorUserId, w.official.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["agreement.signed", "tranche.released"]));
    expect(await refusal(signed(w))).toBe("awards:errors.alreadySigned");
  });

  test("bad percents or dates are refused; a street official cannot sign a district agreement", async () => {
    const w = await awarded();
    const base = { actor: w.official, actorRoles: w.official.roles, awardId: w.awardB.id, ...terms };
    expect(await refusal(signAgreement({ ...base, percents: { signing: 50, midterm: 40, final: 20 } }))).toBe(
      "awards:errors.percentsInvalid",
    );
    expect(await refusal(signAgreement({ ...base, endsOn: "2026-12-31" }))).toBe(
      "awards:errors.periodInvalid",
    );
    expect(await refusal(signAgreement({ ...base, startsOn: "2027-02-30" }))).toBe(
      "awards:errors.dateInvalid",
    );
    expect(
      await refusal(signAgreement({ ...base, actor: w.streetOfficial, actorRoles: w.streetOfficial.roles })),
    ).toBe("awards:errors.notYourCall");
    expect(
      await db.select().from(fundingAgreements).where(eq(fundingAgreements.awardId, w.awardB.id)),
    ).toHaveLength(0);
  });

  test("two signings at once make one agreement", async () => {
    const w = await awarded();
    const results = await Promise.allSettled([signed(w, w.awardB.id), signed(w, w.awardB.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await db.select().from(fundingAgreements).where(eq(fundingAgreements.awardId, w.awardB.id)),
    ).toHaveLength(1);
  });

  test("the mid-term tranche is released only after an accepted report and a passing evaluation", async () => {
    const w = await awarded();
    const id = await signed(w);
    const admin = w.orgs[0]!.admin;
    const official = { actor: w.official, actorRoles: w.official.roles, agreementId: id };
    // No report yet: no evaluation, no release.
    expect(await refusal(recordEvaluation({ ...official, milestone: "midterm", grade: "excellent" }))).toBe(
      "awards:errors.reportNotAccepted",
    );
    await submitReport({
      actor: admin,
      actorRoles: admin.roles,
      agreementId: id,
      milestone: "midterm",
      narrative: "上半年完成探访 1300 人次。",
      achieved: ["1300"],
      spendMinor: 9_000_00,
      now: new Date("2027-06-20T02:00:00Z"),
    });
    expect(
      (await db.select().from(participationEvents).where(eq(participationEvents.kind, "report.submitted")))
        .length,
    ).toBeGreaterThan(0);
    // Submitted but not accepted: still gated.
    expect(await refusal(recordEvaluation({ ...official, milestone: "midterm", grade: "good" }))).toBe(
      "awards:errors.reportNotAccepted",
    );
    expect(await refusal(decideReport({ ...official, milestone: "midterm", decision: "return" }))).toBe(
      "awards:errors.returnReasonRequired",
    );
    await decideReport({ ...official, milestone: "midterm", decision: "return", reason: "缺少支出明细" });
    expect(await trancheStatuses(id)).toEqual([
      ["signing", "released", 10_000_00],
      ["midterm", "pending", 8_000_00],
      ["final", "pending", 2_000_00],
    ]);
    await submitReport({
      actor: admin,
      actorRoles: admin.roles,
      agreementId: id,
      milestone: "midterm",
      narrative: "补充了支出明细。",
      achieved: ["1300"],
      spendMinor: 9_000_00,
      now: new Date("2027-06-25T02:00:00Z"),
    });
    await decideReport({ ...official, milestone: "midterm", decision: "accept" });
    await recordEvaluation({ ...official, milestone: "midterm", grade: "good", note: "进度良好" });
    expect(await trancheStatuses(id)).toEqual([
      ["signing", "released", 10_000_00],
      ["midterm", "released", 8_000_00],
      ["final", "pending", 2_000_00],
    ]);
    expect(await refusal(recordEvaluation({ ...official, milestone: "midterm", grade: "good" }))).toBe(
      "awards:errors.alreadyEvaluated",
    );
    // The accepted report is on the project's public timeline.
    const entries = await db
      .select()
      .from(timelineEntries)
      .where(and(eq(timelineEntries.subjectType, "project"), eq(timelineEntries.subjectId, w.project.id)));
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["awards:timeline.deliveredBy", "awards:timeline.midtermAccepted"]),
    );
  });

  test("a failed evaluation stops the milestone's and every later tranche", async () => {
    const w = await awarded();
    const id = await signed(w, w.awardB.id);
    const admin = w.orgs[1]!.admin;
    const official = { actor: w.official, actorRoles: w.official.roles, agreementId: id };
    await submitReport({
      actor: admin,
      actorRoles: admin.roles,
      agreementId: id,
      milestone: "midterm",
      narrative: "进展缓慢",
      achieved: [],
      spendMinor: 0,
    });
    await decideReport({ ...official, milestone: "midterm", decision: "accept" });
    expect(await refusal(recordEvaluation({ ...official, milestone: "midterm", grade: "fail" }))).toBe(
      "awards:errors.failNoteRequired",
    );
    const { stopped } = await recordEvaluation({
      ...official,
      milestone: "midterm",
      grade: "fail",
      note: "未达到中期指标",
    });
    expect(stopped.sort()).toEqual(["final", "midterm"]);
    expect((await trancheStatuses(id)).map((t) => t[1])).toEqual(["released", "stopped", "stopped"]);
    const [agreement] = await db.select().from(fundingAgreements).where(eq(fundingAgreements.id, id));
    expect(agreement?.stoppedAt).not.toBeNull();
    await submitReport({
      actor: admin,
      actorRoles: admin.roles,
      agreementId: id,
      milestone: "final",
      narrative: "终期",
      achieved: [],
      spendMinor: 0,
    });
    await decideReport({ ...official, milestone: "final", decision: "accept" });
    expect(await refusal(recordEvaluation({ ...official, milestone: "final", grade: "excellent" }))).toBe(
      "awards:errors.agreementStopped",
    );
  });
});

describe("authorization and transparency", () => {
  test("NGO B cannot open or report on NGO A's agreement; a street official cannot decide on it", async () => {
    const w = await awarded();
    const id = await signed(w);
    const ngoB = w.orgs[1]!.admin;
    expect(await refusal(findVisibleAgreement(id, ngoB.roles))).toBe("awards:errors.agreementNotFound");
    expect(await refusal(findVisibleAgreement("not-a-uuid", ngoB.roles))).toBe(
      "awards:errors.agreementNotFound",
    );
    expect(
      await refusal(
        submitReport({
          actor: ngoB,
          actorRoles: ngoB.roles,
          agreementId: id,
          milestone: "midterm",
          narrative: "冒充",
          achieved: [],
          spendMinor: 0,
        }),
      ),
    ).toBe("awards:errors.agreementNotFound");
    expect(
      await refusal(
        decideReport({
          actor: w.streetOfficial,
          actorRoles: w.streetOfficial.roles,
          agreementId: id,
          milestone: "midterm",
          decision: "accept",
        }),
      ),
    ).toBe("awards:errors.agreementNotFound");
    const mine = await findVisibleAgreement(id, w.orgs[0]!.admin.roles);
    expect(mine.member).toBe(true);
    expect((await findVisibleAgreement(id, w.official.roles)).manager).toBe(true);
  });

  test("reports past their due date are flagged late on the public record", async () => {
    const w = await awarded();
    const id = await signed(w);
    const admin = w.orgs[0]!.admin;
    await submitReport({
      actor: admin,
      actorRoles: admin.roles,
      agreementId: id,
      milestone: "midterm",
      narrative: "迟交的中期报告",
      achieved: ["900"],
      spendMinor: 100,
      now: new Date("2027-07-02T02:00:00Z"),
    });
    const results = await getCallResults(w.call.id, new Date("2028-01-05T00:00:00Z"));
    const a = results!.awards.find((x) => x.awardId === w.awardA.id)!;
    expect(a.agreement!.reports.map((r) => [r.milestone, r.late])).toEqual([
      ["midterm", true],
      ["final", true],
    ]);
    const early = await getCallResults(w.call.id, new Date("2027-07-05T00:00:00Z"));
    expect(
      early!.awards.find((x) => x.awardId === w.awardA.id)!.agreement!.reports.map((r) => r.late),
    ).toEqual([true, false]);
  });

  test("the exports carry awards and amounts but no reviewer name, id or individual score", async () => {
    const w = await awarded();
    await signed(w);
    const results = (await getCallResults(w.call.id, new Date()))!;
    expect(results.awards).toHaveLength(2);
    expect(results.unsuccessfulCount).toBe(1);
    const csv = resultsCsv(results, [
      "rank",
      "org",
      "code",
      "title",
      "amount",
      "score",
      "status",
      "released",
      "grades",
    ]);
    const json = JSON.stringify(resultsJson(results));
    const grants = grantsJson(results);
    expect(grants.grants).toHaveLength(2);
    expect(grants.grants[0]).toMatchObject({ currency: "CNY", grantProgramme: [{ code: w.call.id }] });
    expect(grants.grants.find((g) => g.title === w.applications[0]!.title)?.amountAwarded).toBe(20_000);
    const reviewers = await db
      .select({ id: users.id, name: users.displayName, comment: fundingReviewAssignments.comment })
      .from(fundingReviewAssignments)
      .innerJoin(users, eq(users.id, fundingReviewAssignments.reviewerId));
    for (const text of [csv, json, JSON.stringify(grants)]) {
      expect(text).not.toContain("评审专家");
      expect(text).not.toContain("score by");
      for (const r of reviewers) {
        expect(text).not.toContain(r.id);
        if (r.comment) expect(text).not.toContain(r.comment);
      }
    }
  });
});
