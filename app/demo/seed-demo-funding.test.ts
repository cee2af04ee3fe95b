import { count, eq, inArray } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { expect, test } from "vitest";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import {
  fundingAgreements,
  fundingApplications,
  fundingAwards,
  fundingCalls,
  fundingCriteria,
  fundingDisbursements,
  fundingEvaluations,
  fundingQuestions,
  fundingReports,
  fundingReviewAssignments,
  fundingReviewDraws,
  fundingScores,
  fundingTranches,
  organisationDeclarations,
  organisationServiceAreas,
  reviewerConflicts,
} from "~db/schema/funding";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { timelineEntries } from "~db/schema/livelihood";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { callPhase } from "~/modules/funding/call-phase";
import { checkCreditCode } from "~/modules/funding/credit-code";
import { verifyDraw } from "~/modules/funding/reviewer-draw";
import { demoAccounts, demoOrganisation, demoOrganisation2 } from "./demo-accounts";
import { seedDemoFunding } from "./seed-demo-funding.server";
import { seedDemoLivelihood } from "./seed-demo-livelihood.server";
import { seedDemo } from "./seed-demo.server";

const isValidCreditCode = (code: string) => checkCreditCode(code).ok;

const emailOf = (key: string) => demoAccounts.find((a) => a.key === key)!.email;
async function userId(key: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, emailOf(key)));
  return row!.id;
}

async function counts() {
  const n = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0]!.n;
  return {
    calls: await n(fundingCalls),
    applications: await n(fundingApplications),
    organisations: await n(organisations),
    audit: await n(auditEntries),
    events: await n(participationEvents),
    timeline: await n(timelineEntries),
  };
}

test("the demo funding calls cover every stage, written as the use-cases would, once", async () => {
  await seedDemo({ log: () => {} });
  await seedDemoLivelihood({ log: () => {} });
  const started = performance.now();
  const lines: string[] = [];
  await seedDemoFunding({ log: (line) => lines.push(line) });
  const ms = performance.now() - started;
  console.log(`seedDemoFunding: ${Math.round(ms)} ms`);
  expect(lines.join("\n")).toContain("funding");

  // Organisations: the demo NGO complete and verified, a second verified, one pending review.
  const orgs = await db.select().from(organisations).where(eq(organisations.kind, "ngo"));
  const org1 = orgs.find((o) => o.name === demoOrganisation.name)!;
  expect(org1).toMatchObject({
    status: "verified",
    legalForm: "social_service_agency",
    registrationAuthority: "天河区民政局",
  });
  expect(isValidCreditCode(org1.creditCode!)).toBe(true);
  expect(org1.decidedBy).toBe(await userId("district"));
  expect(org1.address && org1.contactName && org1.contactPhone && org1.description).toBeTruthy();
  const org2 = orgs.find((o) => o.name === demoOrganisation2.name)!;
  expect(org2.status).toBe("verified");
  expect(isValidCreditCode(org2.creditCode!)).toBe(true);
  for (const o of orgs.filter((o) => o.creditCode))
    expect(isValidCreditCode(o.creditCode!), o.name).toBe(true);
  expect(orgs.filter((o) => o.status === "pending")).toHaveLength(1);
  expect(orgs.filter((o) => o.status === "verified").length).toBeGreaterThanOrEqual(3);
  expect(
    await db
      .select()
      .from(organisationServiceAreas)
      .where(eq(organisationServiceAreas.organisationId, org1.id)),
  ).toHaveLength(2);
  const [declaration] = await db
    .select()
    .from(organisationDeclarations)
    .where(eq(organisationDeclarations.organisationId, org1.id));
  expect(declaration).toMatchObject({
    declarantId: await userId("ngo"),
    notAbnormal1y: true,
    notSeriousViolation2y: true,
    noMajorViolation3y: true,
  });

  // The reviewer pool: three city-level expert reviewers, one declared conflict with 穗星.
  const reviewerIds = await Promise.all(["reviewer", "reviewer2", "reviewer3"].map(userId));
  const reviewerRoles = await db
    .select()
    .from(roleAssignments)
    .where(inArray(roleAssignments.userId, reviewerIds));
  expect(reviewerRoles.filter((r) => r.role === "expert_reviewer")).toHaveLength(3);
  expect(await db.select().from(reviewerConflicts)).toEqual([
    expect.objectContaining({ reviewerId: reviewerIds[2], organisationId: org2.id }),
  ]);

  // One open call of each kind, one in review, one on notice (its window over), one awarded.
  const now = new Date();
  const calls = await db.select().from(fundingCalls);
  const phases = calls.map((c) => `${c.kind}:${callPhase(c, now)}`).sort();
  expect(phases).toEqual([
    "purchase:open",
    "venture:awarded",
    "venture:in_review",
    "venture:notice",
    "venture:open",
  ]);
  const purchase = calls.find((c) => c.kind === "purchase")!;
  const purchaseCriteria = await db
    .select()
    .from(fundingCriteria)
    .where(eq(fundingCriteria.callId, purchase.id));
  expect(purchase.priceWeight + purchaseCriteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
  for (const call of calls.filter((c) => c.kind === "venture")) {
    const criteria = await db.select().from(fundingCriteria).where(eq(fundingCriteria.callId, call.id));
    expect(criteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
  }
  const open = calls.find((c) => c.kind === "venture" && callPhase(c, now) === "open")!;
  const [qa] = await db.select().from(fundingQuestions).where(eq(fundingQuestions.callId, open.id));
  expect(qa?.answer).toBeTruthy();

  // Every application respects its call's cap and share; none exceeds the money rules.
  const applications = await db.select().from(fundingApplications);
  for (const a of applications.filter((a) => a.status !== "draft")) {
    const call = calls.find((c) => c.id === a.callId)!;
    expect(a.requestedMinor).toBeLessThanOrEqual(call.perProjectCapMinor);
    expect(a.requestedMinor * 100).toBeLessThanOrEqual(call.maxGrantSharePercent * a.projectTotalMinor);
    expect(a.budgetLines.reduce((s, l) => s + l.amountMinor, 0)).toBe(a.projectTotalMinor);
  }

  // The awarded call: awards within budget, an objection answered, an agreement with released tranches.
  const awarded = calls.find((c) => c.status === "awarded")!;
  const awards = await db.select().from(fundingAwards).where(eq(fundingAwards.callId, awarded.id));
  expect(awards.length).toBeGreaterThanOrEqual(1);
  expect(awards.every((a) => a.status === "confirmed")).toBe(true);
  expect(awards.reduce((s, a) => s + a.amountMinor, 0)).toBeLessThanOrEqual(awarded.budgetMinor);
  expect(awarded.noticeEndsAt!.getTime() - awarded.noticeStartsAt!.getTime()).toBe(7 * 86_400_000);
  const awardedApps = applications.filter((a) => a.callId === awarded.id);
  expect(awardedApps.map((a) => a.status).sort()).toEqual(["awarded", "awarded", "ineligible"]);
  expect(awardedApps.find((a) => a.status === "ineligible")!.screeningNote).toBeTruthy();
  const [objection] = await db.select().from(objections).where(eq(objections.subjectId, awarded.id));
  expect(objection).toMatchObject({ subjectType: "funding_call", answer: "dismissed" });
  for (const a of awardedApps.filter((a) => a.status === "awarded")) {
    const assignments = await db
      .select()
      .from(fundingReviewAssignments)
      .where(eq(fundingReviewAssignments.applicationId, a.id));
    expect(assignments.map((x) => x.status)).toEqual(["submitted", "submitted", "submitted"]);
    const [drawRow] = await db
      .select()
      .from(fundingReviewDraws)
      .where(eq(fundingReviewDraws.applicationId, a.id));
    expect(verifyDraw(drawRow!)).toBe(true);
    const scores = await db
      .select()
      .from(fundingScores)
      .where(
        inArray(
          fundingScores.assignmentId,
          assignments.map((x) => x.id),
        ),
      );
    expect(scores).toHaveLength(21);
  }
  const watch = awardedApps.find((a) => a.organisationId === org1.id)!;
  const [award] = awards.filter((a) => a.applicationId === watch.id);
  const [agreement] = await db
    .select()
    .from(fundingAgreements)
    .where(eq(fundingAgreements.awardId, award!.id));
  const tranches = await db
    .select()
    .from(fundingTranches)
    .where(eq(fundingTranches.agreementId, agreement!.id));
  expect(tranches.map((x) => [x.milestone, x.percent, x.status]).sort()).toEqual([
    ["final", 10, "pending"],
    ["midterm", 40, "released"],
    ["signing", 50, "released"],
  ]);
  expect(tranches.reduce((s, x) => s + x.amountMinor, 0)).toBe(agreement!.amountMinor);
  const disbursed = await db
    .select()
    .from(fundingDisbursements)
    .where(
      inArray(
        fundingDisbursements.trancheId,
        tranches.map((x) => x.id),
      ),
    );
  expect(disbursed).toHaveLength(2);
  const reports = await db.select().from(fundingReports).where(eq(fundingReports.agreementId, agreement!.id));
  expect(reports.find((r) => r.milestone === "midterm")?.status).toBe("accepted");
  const final = reports.find((r) => r.milestone === "final")!;
  expect(final.status).toBe("due");
  expect(final.dueAt.getTime()).toBeGreaterThan(now.getTime());
  const [evaluation] = await db
    .select()
    .from(fundingEvaluations)
    .where(eq(fundingEvaluations.agreementId, agreement!.id));
  expect(evaluation?.grade).toBe("good");

  // The other award's mid-term report is past due and not in: shown as late.
  const lateReports = (await db.select().from(fundingReports)).filter(
    (r) => r.status === "due" && r.dueAt.getTime() < now.getTime(),
  );
  expect(lateReports).toHaveLength(1);

  // The call in review: `reviewer` has one assignment to declare and one to score; reviewer3 never
  // drawn for 穗星.
  const inReview = calls.find((c) => c.status === "in_review")!;
  const reviewApps = applications.filter((a) => a.callId === inReview.id);
  const mine = await db
    .select()
    .from(fundingReviewAssignments)
    .where(eq(fundingReviewAssignments.reviewerId, reviewerIds[0]!));
  const pending = mine.filter((m) => reviewApps.some((a) => a.id === m.applicationId));
  expect(pending.map((m) => m.status).sort()).toEqual(["assigned", "declared"]);
  // reviewer3 recused on 木棉's application; the replacement draw, from the rest of the pool, gave `reviewer`.
  const allDraws = await db
    .select()
    .from(fundingReviewDraws)
    .where(
      inArray(
        fundingReviewDraws.applicationId,
        reviewApps.map((a) => a.id),
      ),
    );
  for (const d of allDraws) expect(verifyDraw(d), d.reason).toBe(true);
  const replacement = allDraws.find((d) => d.reason === "replacement")!;
  expect(replacement.drawn).toEqual([reviewerIds[0]]);
  const recused = await db
    .select()
    .from(fundingReviewAssignments)
    .where(eq(fundingReviewAssignments.status, "recused"));
  expect(recused).toEqual([expect.objectContaining({ reviewerId: reviewerIds[2] })]);
  expect(recused[0]!.recusalReason).toBeTruthy();
  const org2Apps = applications.filter((a) => a.organisationId === org2.id).map((a) => a.id);
  const draws = await db
    .select()
    .from(fundingReviewDraws)
    .where(inArray(fundingReviewDraws.applicationId, org2Apps));
  expect(draws.length).toBeGreaterThan(0);
  for (const d of draws) {
    expect(d.pool).not.toContain(reviewerIds[2]);
    expect(d.drawn).not.toContain(reviewerIds[2]);
  }

  // The ledger rows the acts would have written.
  const audit = await db.select().from(auditEntries);
  const actions = audit.map((a) => a.action);
  const times = (action: string) => actions.filter((a) => a === action).length;
  expect(times("organisation.verified")).toBe(3);
  expect(times("call.created")).toBe(5);
  expect(times("call.published")).toBe(5);
  expect(times("call.question_answered")).toBe(1);
  expect(times("call.review_started")).toBe(3);
  expect(times("application.screened")).toBe(7);
  expect(times("review.drawn")).toBe(7);
  expect(times("review.recused")).toBe(1);
  // Six, three and six no-conflict declarations, and reviewer3's declared relationship with 穗星.
  expect(times("review.declared")).toBe(6 + 3 + 6);
  expect(times("reviewer.conflict_declared")).toBe(1);
  expect(times("organisation.updated")).toBe(4);
  expect(times("review.submitted")).toBe(6 + 2 + 6);
  expect(times("award.proposed")).toBe(2);
  expect(times("award.notice_published")).toBe(2);
  expect(
    audit.filter((a) => a.action === "objection.answered" && a.after?.subjectType === "funding_call"),
  ).toHaveLength(2);
  expect(times("award.confirmed")).toBe(1);
  expect(times("agreement.signed")).toBe(2);
  expect(times("tranche.released")).toBe(3);
  expect(times("report.accepted")).toBe(1);
  expect(times("evaluation.recorded")).toBe(1);
  const events = await db.select().from(participationEvents);
  const kinds = events.map((e) => e.kind);
  const eventTimes = (kind: string) => kinds.filter((k) => k === kind).length;
  expect(eventTimes("application.submitted")).toBe(8);
  expect(eventTimes("award.made")).toBe(2);
  expect(eventTimes("report.submitted")).toBe(1);
  expect(eventTimes("call.question_asked")).toBe(1);
  expect(
    events.filter((e) => e.kind === "objection.raised" && e.subjectType === "funding_call"),
  ).toHaveLength(2);
  const timeline = await db
    .select()
    .from(timelineEntries)
    .where(inArray(timelineEntries.subjectType, ["funding_call", "funding_application"]));
  expect(timeline.filter((e) => e.subjectType === "funding_call").length).toBeGreaterThanOrEqual(4);
  expect(
    timeline
      .filter((e) => e.subjectId === watch.id)
      .map((e) => e.kind)
      .sort(),
  ).toEqual([
    "applications:timeline.eligible",
    "applications:timeline.started",
    "applications:timeline.submitted",
  ]);

  // The call whose notice is over: proposed awards within budget, every objection answered, nothing
  // confirmed yet, each eligible application with its three submitted reviews.
  const onNotice = calls.find((c) => c.status === "notice")!;
  expect(onNotice.noticeEndsAt!.getTime()).toBeLessThan(now.getTime());
  const proposed = await db.select().from(fundingAwards).where(eq(fundingAwards.callId, onNotice.id));
  expect(proposed.map((a) => a.status)).toEqual(["proposed", "proposed"]);
  expect(proposed.reduce((s, a) => s + a.amountMinor, 0)).toBeLessThanOrEqual(onNotice.budgetMinor);
  const noticeObjections = await db.select().from(objections).where(eq(objections.subjectId, onNotice.id));
  expect(noticeObjections).toHaveLength(1);
  expect(noticeObjections.every((o) => o.answer !== null)).toBe(true);
  for (const a of applications.filter((a) => a.callId === onNotice.id)) {
    expect(a.status).toBe("eligible");
    const assignments = await db
      .select()
      .from(fundingReviewAssignments)
      .where(eq(fundingReviewAssignments.applicationId, a.id));
    expect(assignments.map((x) => x.status)).toEqual(["submitted", "submitted", "submitted"]);
  }

  // Idempotent: a second run adds nothing.
  const before = await counts();
  await seedDemoFunding({ log: () => {} });
  expect(await counts()).toEqual(before);
});
