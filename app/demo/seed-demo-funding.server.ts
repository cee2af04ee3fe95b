import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client";
import { organisations, users } from "~db/schema/accounts";
import {
  fundingAgreements,
  fundingApplications,
  fundingAwards,
  fundingCallAreas,
  fundingCalls,
  fundingChecklistItems,
  fundingCriteria,
  fundingDisbursements,
  fundingEvaluations,
  fundingQuestions,
  fundingReports,
  fundingReviewAssignments,
  fundingReviewDraws,
  fundingScores,
  fundingScreeningChecks,
  fundingTranches,
  organisationDeclarations,
  organisationServiceAreas,
  reviewerConflicts,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { grantRole } from "~/modules/accounts/grant-role.server";
import { listActiveRoles, type ActiveRole } from "~/modules/accounts/role-queries.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { creditCodeCheckCharacter } from "~/modules/funding/credit-code";
import { drawReviewers, newDrawSeed } from "~/modules/funding/reviewer-draw";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import type { NoticeSubject } from "~/modules/notices/notice-subject";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { actorPseudonym } from "~/modules/participation/pseudonym.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { demoAccounts } from "./demo-accounts";
import {
  afterSchool,
  canteenBid,
  canteenRubric,
  digitalLife,
  disabilityJobs,
  fallPrevention,
  homeworkClub,
  neighbourlyWatch,
  purchaseChecklist,
  respiteCare,
  ventureChecklist,
  ventureRubric,
  youthCare,
  type DemoApplication,
  type DemoCriterion,
} from "./demo-funding-content";

const DAY = 86_400_000;
const yuan = (n: number) => n * 100;

const keys = [
  "ngo",
  "ngo2",
  "reviewer",
  "reviewer2",
  "reviewer3",
  "district",
  "street",
  "committee",
  "neighbour",
  "admin",
] as const;
type Key = (typeof keys)[number];
type Person = { id: string; pseudonymSeed: string; displayName: string; roles: ActiveRole[] };

async function people(): Promise<Record<Key, Person> | null> {
  const emailOf = (k: Key) => demoAccounts.find((a) => a.key === k)!.email;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      pseudonymSeed: users.pseudonymSeed,
      displayName: users.displayName,
    })
    .from(users)
    .where(inArray(users.email, keys.map(emailOf)));
  if (rows.length !== keys.length) return null;
  const out = {} as Record<Key, Person>;
  for (const k of keys) {
    const row = rows.find((r) => r.email === emailOf(k))!;
    out[k] = {
      id: row.id,
      pseudonymSeed: row.pseudonymSeed!,
      displayName: row.displayName,
      roles: await listActiveRoles(row.id),
    };
  }
  return out;
}

/** A credit code from its first 17 characters and the GB 32100-2015 check character they call for. */
const creditCode = (first17: string) => first17 + creditCodeCheckCharacter(first17);

// The timeline subjects of the funding feature (not yet in the core's TimelineSubject union).

// --- Building blocks, each one act in one transaction -------------------------------------------------

type CallSpec = {
  kind: "venture" | "purchase";
  areaId: number;
  targetAreaIds: number[];
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  categories: string[];
  budgetYuan: number;
  capYuan: number;
  sharePercent: number;
  priceWeight: number;
  reviewersPerApplication: number;
  rubric: DemoCriterion[];
  checklist: Array<{ label: string; labelEn: string }>;
  /** Days relative to now. */
  created: number;
  publish: number;
  opens: number;
  closes: number;
  reviewEnds: number;
};

type Call = { id: string; areaId: number; criteria: string[]; checklist: string[] };

async function createAndPublishCall(spec: CallSpec, by: Person, at: (d: number) => Date): Promise<Call> {
  return db.transaction(async (tx) => {
    const [call] = await tx
      .insert(fundingCalls)
      .values({
        kind: spec.kind,
        areaId: spec.areaId,
        title: spec.title,
        titleEn: spec.titleEn,
        description: spec.description,
        descriptionEn: spec.descriptionEn,
        categories: spec.categories,
        status: "published",
        budgetMinor: yuan(spec.budgetYuan),
        perProjectCapMinor: yuan(spec.capYuan),
        maxGrantSharePercent: spec.sharePercent,
        priceWeight: spec.priceWeight,
        aggregation: "mean",
        reviewersPerApplication: spec.reviewersPerApplication,
        publishAt: at(spec.publish),
        opensAt: at(spec.opens),
        closesAt: at(spec.closes),
        reviewEndsAt: at(spec.reviewEnds),
        noticeDays: 7,
        createdBy: by.id,
        createdAt: at(spec.created),
        publishedAt: at(spec.publish),
      })
      .returning({ id: fundingCalls.id });
    const callId = call!.id;
    for (const areaId of spec.targetAreaIds) await tx.insert(fundingCallAreas).values({ callId, areaId });
    const criteria = await tx
      .insert(fundingCriteria)
      .values(spec.rubric.map((c, i) => ({ ...c, callId, position: i + 1 })))
      .returning({ id: fundingCriteria.id });
    const checklist = await tx
      .insert(fundingChecklistItems)
      .values(spec.checklist.map((c, i) => ({ ...c, callId, position: i + 1 })))
      .returning({ id: fundingChecklistItems.id });
    const summary = {
      kind: spec.kind,
      title: spec.title,
      budgetMinor: yuan(spec.budgetYuan),
      perProjectCapMinor: yuan(spec.capYuan),
    };
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "call.created",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: spec.areaId,
      after: summary,
    });
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "call.published",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: spec.areaId,
      before: { status: "draft" },
      after: { status: "published", publishAt: at(spec.publish).toISOString() },
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.created",
      toStatus: "draft",
      actorUserId: by.id,
      official: true,
      at: at(spec.created),
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.published",
      fromStatus: "draft",
      toStatus: "published",
      actorUserId: by.id,
      official: true,
      at: at(spec.publish),
    });
    return {
      id: callId,
      areaId: spec.areaId,
      criteria: criteria.map((c) => c.id),
      checklist: checklist.map((c) => c.id),
    };
  });
}

/** An application drafted by an NGO member, submitted (with its event) unless `submittedAt` is null. */
async function apply(
  callId: string,
  organisationId: string,
  by: Person,
  app: DemoApplication,
  eventAreaId: number,
  createdAt: Date,
  submittedAt: Date | null,
  callKind: "venture" | "purchase" = "venture",
) {
  return db.transaction(async (tx) => {
    const lines = app.budgetLines.map((l) => ({
      category: l.category,
      item: l.item,
      amountMinor: yuan(l.yuan),
    }));
    const [row] = await tx
      .insert(fundingApplications)
      .values({
        callId,
        organisationId,
        status: submittedAt ? "submitted" : "draft",
        title: app.title,
        summary: app.summary,
        needs: app.needs,
        beneficiaries: app.beneficiaries,
        beneficiaryCount: app.beneficiaryCount,
        objectives: app.objectives,
        activities: app.activities,
        indicators: app.indicators,
        team: app.team,
        budgetLines: lines,
        projectTotalMinor: lines.reduce((s, l) => s + l.amountMinor, 0),
        selfRaisedMinor: yuan(app.selfRaisedYuan),
        requestedMinor: yuan(app.requestedYuan),
        createdBy: by.id,
        createdAt,
        updatedAt: submittedAt ?? createdAt,
        submittedAt,
      })
      .returning({ id: fundingApplications.id });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: row!.id,
      kind: "applications:timeline.started",
      toStatus: "draft",
      at: createdAt,
    });
    if (submittedAt) {
      await recordParticipation(tx, {
        kind: "application.submitted",
        actor: by,
        areaId: eventAreaId,
        subjectType: "funding_application",
        subjectId: row!.id,
        meta: { callKind, resubmission: false },
      });
      await recordTimeline(tx, {
        subjectType: "funding_application",
        subjectId: row!.id,
        kind: "applications:timeline.submitted",
        fromStatus: "draft",
        toStatus: "submitted",
        at: submittedAt,
      });
    }
    return row!.id;
  });
}

/** Screening: every checklist item checked; `failed` maps an item index to the reason it failed. */
async function screen(
  call: Call,
  applicationId: string,
  by: Person,
  at: Date,
  failed: Record<number, string> = {},
  note: string | null = null,
) {
  const eligible = Object.keys(failed).length === 0;
  await db.transaction(async (tx) => {
    const checks = call.checklist.map((itemId, i) => ({
      itemId,
      passed: failed[i] === undefined,
      reason: failed[i] ?? null,
    }));
    await tx
      .insert(fundingScreeningChecks)
      .values(checks.map((c) => ({ ...c, applicationId, checkedBy: by.id, checkedAt: at })));
    const status = eligible ? "eligible" : "ineligible";
    await tx
      .update(fundingApplications)
      .set({ status, screenedBy: by.id, screenedAt: at, screeningNote: note })
      .where(eq(fundingApplications.id, applicationId));
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "application.screened",
      subjectType: "funding_application",
      subjectId: applicationId,
      areaId: call.areaId,
      before: { status: "submitted" },
      after: { status, checks },
      reason: note,
    });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: applicationId,
      kind: eligible ? "applications:timeline.eligible" : "applications:timeline.ineligible",
      fromStatus: "submitted",
      toStatus: status,
      actorUserId: by.id,
      official: true,
      at,
    });
  });
}

async function startReview(call: Call, by: Person, at: Date, applications: number) {
  await db.transaction(async (tx) => {
    await tx
      .update(fundingCalls)
      .set({ status: "in_review", reviewStartedAt: at })
      .where(eq(fundingCalls.id, call.id));
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "call.review_started",
      subjectType: "funding_call",
      subjectId: call.id,
      areaId: call.areaId,
      before: { status: "published" },
      after: { status: "in_review", applications },
    });
  });
}

/** A recorded draw from the eligible pool; returns the assignment id of each drawn reviewer. */
async function draw(
  call: Call,
  applicationId: string,
  seed: string,
  pool: string[],
  n: number,
  by: Person,
  at: Date,
  reason: "initial" | "replacement" = "initial",
) {
  const sortedPool = [...pool].sort();
  const drawn = drawReviewers(seed, sortedPool, n);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fundingReviewDraws)
      .values({
        applicationId,
        reason,
        seed,
        pool: sortedPool,
        drawn,
        drawnBy: by.id,
        drawnAt: at,
      })
      .returning({ id: fundingReviewDraws.id });
    const assignments = await tx
      .insert(fundingReviewAssignments)
      .values(drawn.map((reviewerId) => ({ applicationId, reviewerId, drawId: row!.id, assignedAt: at })))
      .returning({ id: fundingReviewAssignments.id, reviewerId: fundingReviewAssignments.reviewerId });
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "review.drawn",
      subjectType: "funding_application",
      subjectId: applicationId,
      areaId: call.areaId,
      after: { drawId: row!.id, reason, seed, poolSize: sortedPool.length, wanted: n, drawn },
    });
    return new Map(assignments.map((a) => [a.reviewerId, a.id]));
  });
}

async function declare(call: Call, applicationId: string, assignmentId: string, reviewer: Person, at: Date) {
  await db.transaction(async (tx) => {
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "declared", declaredAt: at })
      .where(eq(fundingReviewAssignments.id, assignmentId));
    await recordAudit(tx, {
      actorUserId: reviewer.id,
      action: "review.declared",
      subjectType: "funding_review_assignment",
      subjectId: assignmentId,
      areaId: call.areaId,
      before: { status: "assigned" },
      after: { status: "declared", applicationId },
    });
  });
}

async function submitReview(
  call: Call,
  applicationId: string,
  assignmentId: string,
  reviewer: Person,
  at: Date,
  scores: number[],
  comments: string[],
  recommendation: "fund" | "fund_with_changes" | "do_not_fund",
  comment: string,
) {
  await db.transaction(async (tx) => {
    await tx.insert(fundingScores).values(
      call.criteria.map((criterionId, i) => ({
        assignmentId,
        criterionId,
        score: scores[i]!,
        comment: comments[i] ?? "",
      })),
    );
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "submitted", recommendation, comment, submittedAt: at })
      .where(eq(fundingReviewAssignments.id, assignmentId));
    await recordAudit(tx, {
      actorUserId: reviewer.id,
      action: "review.submitted",
      subjectType: "funding_review_assignment",
      subjectId: assignmentId,
      areaId: call.areaId,
      before: { status: "declared" },
      after: { status: "submitted", applicationId, recommendation },
    });
  });
}

/** The weighted total (0–100) of the mean score per criterion, as the ranking computes it. */
function weightedTotal(rubric: DemoCriterion[], sheets: number[][]) {
  let total = 0;
  for (const [i, c] of rubric.entries()) {
    const mean = sheets.reduce((s, sheet) => s + sheet[i]!, 0) / sheets.length;
    total += (mean / c.maxScore) * c.weight;
  }
  return total.toFixed(2);
}

/** Releases a tranche whose milestone is met: the tranche, its disbursement row and the audit entry. */
async function releaseTranche(
  tx: Tx,
  call: Call,
  tranche: { id: string; agreementId: string; milestone: string; amountMinor: number },
  by: Person,
  at: Date,
) {
  await tx.update(fundingTranches).set({ status: "released" }).where(eq(fundingTranches.id, tranche.id));
  await tx
    .insert(fundingDisbursements)
    .values({ trancheId: tranche.id, amountMinor: tranche.amountMinor, releasedAt: at, releasedBy: by.id });
  await recordAudit(tx, {
    actorUserId: by.id,
    action: "tranche.released",
    subjectType: "funding_tranche",
    subjectId: tranche.id,
    areaId: call.areaId,
    before: { status: "pending" },
    after: {
      status: "released",
      agreementId: tranche.agreementId,
      milestone: tranche.milestone,
      amountMinor: tranche.amountMinor,
    },
  });
}

/**
 * An agreement with tranches 50/40/10 (tied to signing, mid-term and final evaluation) and its two
 * reports due; the signing tranche is released in the same transaction.
 */
async function sign(
  call: Call,
  award: { id: string; amountMinor: number },
  by: Person,
  at: Date,
  period: { startsOn: string; endsOn: string; midtermDue: Date; finalDue: Date },
) {
  const split = [
    { milestone: "signing" as const, percent: 50 },
    { milestone: "midterm" as const, percent: 40 },
    { milestone: "final" as const, percent: 10 },
  ];
  const amounts = split.map((s) => Math.floor((award.amountMinor * s.percent) / 100));
  // The last tranche takes the rounding remainder so the tranches add up to the agreement.
  amounts[2] = award.amountMinor - amounts[0]! - amounts[1]!;
  return db.transaction(async (tx) => {
    const [agreement] = await tx
      .insert(fundingAgreements)
      .values({
        awardId: award.id,
        amountMinor: award.amountMinor,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        signedAt: at,
        signedBy: by.id,
      })
      .returning({ id: fundingAgreements.id });
    const agreementId = agreement!.id;
    const tranches = await tx
      .insert(fundingTranches)
      .values(
        split.map((s, i) => ({
          agreementId,
          position: i + 1,
          milestone: s.milestone,
          percent: s.percent,
          amountMinor: amounts[i]!,
        })),
      )
      .returning({
        id: fundingTranches.id,
        agreementId: fundingTranches.agreementId,
        milestone: fundingTranches.milestone,
        amountMinor: fundingTranches.amountMinor,
      });
    const reports = await tx
      .insert(fundingReports)
      .values([
        { agreementId, milestone: "midterm" as const, dueAt: period.midtermDue },
        { agreementId, milestone: "final" as const, dueAt: period.finalDue },
      ])
      .returning({ id: fundingReports.id, milestone: fundingReports.milestone });
    await recordAudit(tx, {
      actorUserId: by.id,
      action: "agreement.signed",
      subjectType: "funding_agreement",
      subjectId: agreementId,
      areaId: call.areaId,
      after: {
        awardId: award.id,
        amountMinor: award.amountMinor,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        tranches: split.map((s, i) => ({ ...s, amountMinor: amounts[i] })),
        midtermDueOn: day(period.midtermDue),
        finalDueOn: day(period.finalDue),
      },
    });
    const tranche = (m: string) => tranches.find((t) => t.milestone === m)!;
    await releaseTranche(tx, call, tranche("signing"), by, at);
    return {
      id: agreementId,
      tranche,
      report: (m: string) => reports.find((r) => r.milestone === m)!.id,
    };
  });
}

/** The end of a calendar day in Beijing (reports are due by the end of their due day). */
function endOfDay(at: Date) {
  return new Date(`${day(at)}T23:59:59.999+08:00`);
}

/** A calendar day in Beijing, YYYY-MM-DD. */
function day(at: Date) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The demo's funding calls, written as the funding use-cases would have written them (each act with its
 * audit entry, participation event and timeline entry in one transaction, back-dated): the demo NGO made
 * complete and verified, a second NGO verified, a third with no demo login and a fourth awaiting
 * verification; a reviewer pool of three with one declared conflict; an open venture call with a draft
 * and a public Q&A; an open purchase call with a bid; last year's call awarded and in delivery (notice,
 * objection, agreement, tranches, a mid-term report and evaluation); and a call in review where the
 * `reviewer` account has work waiting; and a call whose public notice is over with its objection answered,
 * awaiting confirmation. Idempotent: does nothing once the district has a call.
 */
export async function seedDemoFunding({ log }: { log: (line: string) => void }) {
  const cast = await people();
  if (!cast) return;
  const districtRole = cast.district.roles.find((r) => r.role === "district_official");
  const streetRole = cast.street.roles.find((r) => r.role === "street_official");
  const org1Id = cast.ngo.roles.find((r) => r.role === "ngo_admin")?.organisationId;
  const org2Id = cast.ngo2.roles.find((r) => r.role === "ngo_admin")?.organisationId;
  if (!districtRole || !streetRole || !org1Id || !org2Id) return;
  const existing = await db
    .select({ id: fundingCalls.id })
    .from(fundingCalls)
    .where(inArray(fundingCalls.areaId, [districtRole.areaId, streetRole.areaId]))
    .limit(1);
  if (existing.length) return;

  const district = districtRole.areaId;
  const street = streetRole.areaId;
  const t = Date.now();
  const at = (d: number, hours = 0) => new Date(t + d * DAY + hours * 3_600_000);
  const { ngo, ngo2, reviewer, reviewer2, reviewer3 } = cast;
  const official = cast.district;

  // --- Organisations ------------------------------------------------------------------------------
  const verify = async (
    orgId: string,
    details: Partial<typeof organisations.$inferInsert>,
    serviceAreas: number[],
    verifiedAt: Date,
  ) =>
    db.transaction(async (tx) => {
      await tx
        .update(organisations)
        .set({ ...details, status: "verified", decidedBy: official.id, decidedAt: verifiedAt })
        .where(eq(organisations.id, orgId));
      for (const areaId of serviceAreas)
        await tx.insert(organisationServiceAreas).values({ organisationId: orgId, areaId });
      await recordAudit(tx, {
        actorUserId: official.id,
        action: "organisation.verified",
        subjectType: "organisation",
        subjectId: orgId,
        areaId: district,
        before: { status: "pending" },
        after: { status: "verified", creditCode: details.creditCode ?? null },
      });
    });
  // The integrity declarations an organisation admin makes (the history stays; the latest counts).
  const declareIntegrity = (orgId: string, by: { id: string; displayName: string }, when: Date) =>
    db.transaction(async (tx) => {
      const flags = { notAbnormal1y: true, notSeriousViolation2y: true, noMajorViolation3y: true };
      const [row] = await tx
        .insert(organisationDeclarations)
        .values({
          organisationId: orgId,
          declarantId: by.id,
          declarantName: by.displayName,
          declaredAt: when,
          ...flags,
        })
        .returning({ id: organisationDeclarations.id });
      await recordAudit(tx, {
        actorUserId: by.id,
        action: "organisation.updated",
        subjectType: "organisation",
        subjectId: orgId,
        areaId: district,
        after: { declarationId: row!.id, ...flags },
      });
    });

  await verify(
    org1Id,
    {
      creditCode: creditCode("52440106MJL612734"),
      legalForm: "social_service_agency",
      registrationAuthority: "天河区民政局",
      address: "广州市天河区车陂路车陂北街12号二楼",
      contactName: ngo.displayName,
      contactPhone: "+8613926001234",
      contactEmail: demoAccounts.find((a) => a.key === "ngo")!.email,
      description:
        "2016 年在天河区民政局登记的社会服务机构，有持证社工 14 名，承接车陂街社工服务站，专注长者关爱、社区融合和义工培育。",
      createdBy: ngo.id,
    },
    [district, street],
    at(-400),
  );
  await declareIntegrity(org1Id, ngo, at(-190));
  await declareIntegrity(org1Id, ngo, at(-11));

  await verify(
    org2Id,
    {
      creditCode: creditCode("52440106MJL705816"),
      legalForm: "social_service_agency",
      registrationAuthority: "天河区民政局",
      address: "广州市天河区东圃大马路88号之一",
      contactName: ngo2.displayName,
      contactPhone: "+8613826005678",
      contactEmail: demoAccounts.find((a) => a.key === "ngo2")!.email,
      description: "专注为老服务的社会服务机构，运营两家长者饭堂和一家日间照料中心，有养老护理员 22 名。",
    },
    [district],
    at(-240),
  );
  await declareIntegrity(org2Id, ngo2, at(-60));

  // A third NGO without a demo login: its member's account exists so its acts have an actor.
  const [org3] = await db
    .insert(organisations)
    .values({
      kind: "ngo",
      name: "天河区青少年发展促进会（示范）",
      nameEn: "Tianhe Youth Development Association (demo)",
      areaId: district,
      status: "pending",
      createdAt: at(-420),
    })
    .returning({ id: organisations.id });
  await verify(
    org3!.id,
    {
      creditCode: creditCode("51440106MJL80329N"),
      legalForm: "social_group",
      registrationAuthority: "天河区民政局",
      address: "广州市天河区东圃二马路15号",
      contactName: "罗干事",
      contactPhone: "+8613602009876",
      description: "关注流动儿童和青少年成长的社会团体，会员单位 23 家。",
    },
    [district],
    at(-410),
  );
  // Its member has no login (no identifier, no password), but registered like anyone else.
  const member3 = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        displayName: "罗干事",
        pseudonymSeed: randomBytes(32).toString("base64url"),
        locale: "zh-CN",
        createdAt: at(-420),
      })
      .returning({ id: users.id, pseudonymSeed: users.pseudonymSeed, displayName: users.displayName });
    await recordParticipation(tx, {
      kind: "account.registered",
      actor: row!,
      areaId: cast.admin.roles.find((r) => r.role === "platform_admin")?.areaId ?? district,
      subjectType: "account",
      subjectId: await actorPseudonym(row!, tx),
    });
    return row;
  });
  const adminRoles = cast.admin.roles;
  await grantRole({
    actor: cast.admin,
    actorRoles: adminRoles,
    targetUserId: member3!.id,
    role: "ngo_admin",
    areaCode: districtRole.areaCode,
    organisationId: org3!.id,
  });
  const youthOrg: Person = { ...member3!, pseudonymSeed: member3!.pseudonymSeed!, roles: [] };
  await declareIntegrity(org3!.id, youthOrg, at(-190));

  // Registered two days ago; /organisations/review has it waiting.
  await db.insert(organisations).values({
    kind: "ngo",
    name: "天河区助残志愿者协会（示范）",
    nameEn: "Tianhe Disability Volunteers Association (demo)",
    creditCode: creditCode("51440106MJM10472X"),
    areaId: district,
    status: "pending",
    legalForm: "social_group",
    registrationAuthority: "天河区民政局",
    address: "广州市天河区员村二横路6号",
    contactName: "钟会长",
    contactPhone: "+8613711002233",
    description: "由残疾人亲属和志愿者发起，开展助残探访和无障碍出行倡导。",
    createdAt: at(-2),
  });

  // --- Reviewer pool: three city-level expert reviewers; one declared a relationship with 穗星 -------
  await db.transaction(async (tx) => {
    await tx.insert(reviewerConflicts).values({
      reviewerId: reviewer3.id,
      organisationId: org2Id,
      note: "2023–2025 年曾任该机构理事会理事。",
      declaredAt: at(-90),
    });
    await recordAudit(tx, {
      actorUserId: reviewer3.id,
      action: "reviewer.conflict_declared",
      subjectType: "reviewer_conflict",
      subjectId: org2Id,
      after: { reviewerId: reviewer3.id, organisationId: org2Id, relationship: true },
    });
  });
  const pool = [reviewer.id, reviewer2.id, reviewer3.id];
  const reviewerById = new Map([reviewer, reviewer2, reviewer3].map((r) => [r.id, r]));

  // --- 1. Open venture call (district) with a draft and a public Q&A ---------------------------------
  const venture2027 = await createAndPublishCall(
    {
      kind: "venture",
      areaId: district,
      targetAreaIds: [district],
      title: "天河区2027年社会组织公益创投活动",
      titleEn: "Tianhe District 2027 Venture Philanthropy Grants for Social Organisations",
      description:
        "天河区安排福利彩票公益金 100 万元，资助社会组织在本区开展为老、助残、青少年和救助帮困服务。单个项目资助不超过 30 万元，且不超过项目总预算的 60%（至少 40% 自筹）。评审采用专家随机抽取、利益冲突回避、按评分细则打分，结果公示 7 天。",
      descriptionEn:
        "Tianhe District grants ¥1,000,000 from the welfare-lottery fund for social organisations’ services for older people, people with disabilities, young people and people in hardship. At most ¥300,000 and 60% of a project’s budget per project (at least 40% self-raised). Reviewers are drawn at random, declare conflicts of interest and score against the published rubric; results are on public notice for 7 days.",
      categories: ["elderly", "disability", "youth", "relief"],
      budgetYuan: 1_000_000,
      capYuan: 300_000,
      sharePercent: 60,
      priceWeight: 0,
      reviewersPerApplication: 3,
      rubric: ventureRubric,
      checklist: ventureChecklist,
      created: -14,
      publish: -12,
      opens: -10,
      closes: 20,
      reviewEnds: 50,
    },
    official,
    at,
  );
  await apply(venture2027.id, org1Id, ngo, digitalLife, district, at(-3), null);
  const question = await db.transaction(async (tx) => {
    const [q] = await tx
      .insert(fundingQuestions)
      .values({
        callId: venture2027.id,
        askedBy: ngo2.id,
        question: "同一机构可以申报几个项目？志愿者服务时间可以折算为自筹资金吗？",
        createdAt: at(-6),
      })
      .returning({ id: fundingQuestions.id });
    await recordParticipation(tx, {
      kind: "call.question_asked",
      actor: ngo2,
      areaId: district,
      subjectType: "funding_call",
      subjectId: venture2027.id,
    });
    return q!.id;
  });
  const answer =
    "每个机构本期最多申报 2 个项目，每个项目单独评审。自筹资金须为货币资金（自有资金、捐赠或其他资助）；志愿者服务时间可在申报书中说明，但不计入 40% 的自筹比例。";
  await db.transaction(async (tx) => {
    await tx
      .update(fundingQuestions)
      .set({ answer, answeredBy: official.id, answeredAt: at(-5) })
      .where(eq(fundingQuestions.id, question));
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "call.question_answered",
      subjectType: "funding_call",
      subjectId: venture2027.id,
      areaId: district,
      after: { questionId: question, answer },
    });
  });

  // --- 2. Open purchase call (street): the canteen residents asked for, with a bid ---------------------
  const canteen = await createAndPublishCall(
    {
      kind: "purchase",
      areaId: street,
      targetAreaIds: [street],
      title: "车陂街道长者饭堂运营服务采购（2027年度）",
      titleEn: "Chebei Street: operating the older people’s canteen (2027)",
      description:
        "车陂街道办事处购买长者饭堂一年运营服务，含工作日午晚餐、周末及节假日午餐和送餐上门。最高限价 36 万元。评分：服务方案 30 分、团队与资质 25 分、运营经验与食品安全 15 分，价格分 30 分（最低有效报价 ÷ 本报价 × 30）。",
      descriptionEn:
        "Chebei Street buys a year of running its older people’s canteen: weekday lunch and dinner, weekend and holiday lunch, and home delivery. Ceiling price ¥360,000. Scoring: service plan 30, team 25, experience and food safety 15, price 30 (lowest valid bid ÷ this bid × 30).",
      categories: ["elderly"],
      budgetYuan: 360_000,
      capYuan: 360_000,
      sharePercent: 100,
      priceWeight: 30,
      reviewersPerApplication: 3,
      rubric: canteenRubric,
      checklist: purchaseChecklist,
      created: -8,
      publish: -7,
      opens: -5,
      closes: 16,
      reviewEnds: 40,
    },
    cast.street,
    at,
  );
  await apply(canteen.id, org2Id, ngo2, canteenBid, district, at(-4), at(-1, 3), "purchase");

  // --- 3. Last year's venture call: awarded and in delivery ------------------------------------------
  const venture2026 = await createAndPublishCall(
    {
      kind: "venture",
      areaId: district,
      targetAreaIds: [district],
      title: "天河区2026年社会组织公益创投活动",
      titleEn: "Tianhe District 2026 Venture Philanthropy Grants for Social Organisations",
      description:
        "天河区安排福利彩票公益金 100 万元，资助社会组织开展为老、助残、青少年、救助帮困和其他公益服务。单个项目资助不超过 30 万元，且不超过项目总预算的 60%。",
      descriptionEn:
        "Tianhe District grants ¥1,000,000 for social organisations’ public-benefit services. At most ¥300,000 and 60% of a project’s budget per project.",
      categories: ["elderly", "disability", "youth", "relief", "other"],
      budgetYuan: 1_000_000,
      capYuan: 300_000,
      sharePercent: 60,
      priceWeight: 0,
      reviewersPerApplication: 3,
      rubric: ventureRubric,
      checklist: ventureChecklist,
      created: -200,
      publish: -196,
      opens: -190,
      closes: -160,
      reviewEnds: -140,
    },
    official,
    at,
  );
  const watchApp = await apply(venture2026.id, org1Id, ngo, neighbourlyWatch, district, at(-185), at(-163));
  const schoolApp = await apply(
    venture2026.id,
    org3!.id,
    youthOrg,
    afterSchool,
    district,
    at(-180),
    at(-162),
  );
  const youthApp = await apply(venture2026.id, org2Id, ngo2, youthCare, district, at(-178), at(-161));
  await screen(venture2026, watchApp, official, at(-158));
  await screen(venture2026, schoolApp, official, at(-158));
  await screen(
    venture2026,
    youthApp,
    official,
    at(-158),
    { 3: "机构章程业务范围为“为老服务”，青少年托管不在章程范围内。" },
    "申报项目不在机构章程规定的业务范围内（第 4 项），不予进入评审。可修改章程或与青少年服务机构合作后再申报。",
  );
  await startReview(venture2026, official, at(-156), 2);
  const sheets2026: Record<string, number[][]> = {};
  const reviews2026: Array<[string, number[][], string[][], string[]]> = [
    [
      watchApp,
      [
        [8, 9, 8, 7, 8, 7, 8],
        [9, 8, 8, 8, 7, 8, 9],
        [8, 8, 9, 7, 8, 8, 8],
      ],
      [
        ["需求数据扎实", "探访和呼叫响应衔接好", "", "呼叫器单价偏高", "", "", ""],
        ["", "", "团队稳定", "自筹来源清楚", "楼栋义工模式有新意", "", "有应急预案"],
        ["", "建议明确义工流失时的补位办法", "", "", "", "可在其他街道复制", ""],
      ],
      ["需求清楚、团队可靠，建议资助。", "建议资助，注意义工激励。", "建议资助；中期评估时重点看探访频次。"],
    ],
    [
      schoolApp,
      [
        [7, 8, 7, 8, 9, 7, 8],
        [8, 7, 7, 7, 8, 7, 7],
        [7, 8, 8, 7, 8, 8, 7],
      ],
      [
        ["", "", "志愿者依赖度较高", "", "高校合作有特色", "", ""],
        ["流动儿童数据来源需补充", "", "", "", "", "", ""],
        ["", "", "", "", "", "场地免费使用协议只有一年", ""],
      ],
      ["建议资助，补充需求数据。", "建议修改后资助。", "建议资助。"],
    ],
  ];
  for (const [applicationId, scoreSheets, comments, overall] of reviews2026) {
    const seed = newDrawSeed();
    const assignments = await draw(venture2026, applicationId, seed, pool, 3, official, at(-155));
    let i = 0;
    for (const [reviewerId, assignmentId] of assignments) {
      const who = reviewerById.get(reviewerId)!;
      await declare(venture2026, applicationId, assignmentId, who, at(-154 + i));
      await submitReview(
        venture2026,
        applicationId,
        assignmentId,
        who,
        at(-150 + i * 3),
        scoreSheets[i]!,
        comments[i]!,
        i === 1 && applicationId === schoolApp ? "fund_with_changes" : "fund",
        overall[i]!,
      );
      i++;
    }
    sheets2026[applicationId] = scoreSheets;
  }
  // Greedy by score within the budget, each at the amount requested (both under the cap).
  const proposals = [
    { applicationId: watchApp, amountMinor: yuan(neighbourlyWatch.requestedYuan), rank: 1 },
    { applicationId: schoolApp, amountMinor: yuan(afterSchool.requestedYuan), rank: 2 },
  ];
  const noticeStarts = at(-138);
  const noticeEnds = at(-131);
  const awardIds = await db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const p of proposals) {
      const [row] = await tx
        .insert(fundingAwards)
        .values({
          callId: venture2026.id,
          applicationId: p.applicationId,
          amountMinor: p.amountMinor,
          rank: p.rank,
          totalScore: weightedTotal(ventureRubric, sheets2026[p.applicationId]!),
          proposedBy: official.id,
          proposedAt: at(-139),
        })
        .returning({ id: fundingAwards.id });
      ids.push(row!.id);
    }
    const spendMinor = proposals.reduce((s, p) => s + p.amountMinor, 0);
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "award.proposed",
      subjectType: "funding_call",
      subjectId: venture2026.id,
      areaId: district,
      before: { awards: [] },
      after: {
        awards: proposals,
        spendMinor,
        budgetMinor: yuan(1_000_000),
        greedy: proposals.map((p) => p.applicationId),
        deviates: false,
      },
    });
    return ids;
  });
  await db.transaction(async (tx) => {
    await tx
      .update(fundingCalls)
      .set({ status: "notice", noticeStartsAt: noticeStarts, noticeEndsAt: noticeEnds })
      .where(eq(fundingCalls.id, venture2026.id));
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "award.notice_published",
      subjectType: "funding_call",
      subjectId: venture2026.id,
      areaId: district,
      before: { status: "in_review" },
      after: {
        status: "notice",
        noticeStartsAt: noticeStarts.toISOString(),
        noticeEndsAt: noticeEnds.toISOString(),
      },
    });
  });
  // The objection goes through the notices core, with the call as its subject.
  const subject: NoticeSubject = {
    type: "funding_call",
    id: venture2026.id,
    areaId: district,
    noticeEndsAt: noticeEnds,
    isOpen: (now) => now >= noticeStarts && now < noticeEnds,
    canAnswer: (roles) =>
      roles.some(
        (r) =>
          (r.role === "district_official" || r.role === "city_official") &&
          districtRole.areaPath.startsWith(r.areaPath),
      ),
  };
  const objection = await raiseObjection({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    subject,
    reason: "“成长加油站”项目的服务地点在东圃，车陂的孩子能参加吗？评分里为什么创新性分这么高？",
    now: at(-135),
  });
  await answerObjection({
    actor: official,
    actorRoles: official.roles,
    subject,
    objectionId: objection.id,
    answer: "dismissed",
    answerText:
      "项目在车陂、东圃两个社区各设一个课后点，车陂点设在车陂北社区活动中心。创新性评分是三位随机抽取的专家独立打出的（与高校合作招募大学生志愿者），评分明细已在结果页公开。经复核，评审程序符合规定，维持原结果。",
    now: at(-133),
  });
  const awardedAt = at(-130);
  await db.transaction(async (tx) => {
    await tx
      .update(fundingAwards)
      .set({ status: "confirmed", confirmedBy: official.id, confirmedAt: awardedAt })
      .where(inArray(fundingAwards.id, awardIds));
    await tx
      .update(fundingApplications)
      .set({ status: "awarded", updatedAt: awardedAt })
      .where(
        inArray(
          fundingApplications.id,
          proposals.map((p) => p.applicationId),
        ),
      );
    await tx
      .update(fundingCalls)
      .set({ status: "awarded", awardedAt })
      .where(eq(fundingCalls.id, venture2026.id));
    for (const [i, p] of proposals.entries())
      await recordParticipation(tx, {
        kind: "award.made",
        actor: official,
        areaId: district,
        subjectType: "funding_award",
        subjectId: awardIds[i]!,
        meta: { amountMinor: p.amountMinor },
      });
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "award.confirmed",
      subjectType: "funding_call",
      subjectId: venture2026.id,
      areaId: district,
      before: { status: "notice" },
      after: {
        status: "awarded",
        awards: proposals.map((p, i) => ({
          id: awardIds[i],
          applicationId: p.applicationId,
          amountMinor: p.amountMinor,
        })),
      },
    });
  });

  // 木棉's agreement: signing and mid-term tranches released, the final report due in two months.
  const watchAgreement = await sign(
    venture2026,
    { id: awardIds[0]!, amountMinor: proposals[0]!.amountMinor },
    official,
    at(-120),
    {
      startsOn: day(at(-119)),
      endsOn: day(at(60)),
      midtermDue: endOfDay(at(-35)),
      finalDue: endOfDay(at(70)),
    },
  );
  const midterm = watchAgreement.report("midterm");
  await db.transaction(async (tx) => {
    await tx
      .update(fundingReports)
      .set({
        status: "submitted",
        narrative:
          "项目前五个月完成 286 位长者的入户评估并建立风险分级档案；招募培训楼栋义工 48 名，结对探访 5,120 人次；安装紧急呼叫器 104 台，响应 37 次，平均响应时间 22 分钟。义工流失率高于预期（约 15%），已调整为“双人结对”并增加月度分享会。",
        indicators: [
          { indicator: "探访人次", target: "12000", achieved: "5120" },
          { indicator: "培训义工人数", target: "60", achieved: "48" },
          { indicator: "紧急呼叫平均响应时间（分钟）", target: "≤30", achieved: "22" },
        ],
        spendMinor: yuan(128_600),
        submittedAt: at(-38),
        submittedBy: ngo.id,
      })
      .where(eq(fundingReports.id, midterm));
    await recordParticipation(tx, {
      kind: "report.submitted",
      actor: ngo,
      areaId: district,
      subjectType: "funding_report",
      subjectId: midterm,
      meta: { milestone: "midterm" },
    });
  });
  await db.transaction(async (tx) => {
    await tx
      .update(fundingReports)
      .set({ status: "accepted", decidedAt: at(-34), decidedBy: official.id })
      .where(eq(fundingReports.id, midterm));
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "report.accepted",
      subjectType: "funding_report",
      subjectId: midterm,
      areaId: district,
      before: { status: "submitted" },
      after: { status: "accepted", agreementId: watchAgreement.id, milestone: "midterm" },
    });
  });
  // A passing mid-term evaluation (良好) releases the mid-term tranche in the same transaction.
  await db.transaction(async (tx) => {
    const note = "探访频次和响应时间达到预期；义工队伍稳定性需加强，建议下半年增加义工督导。";
    await tx.insert(fundingEvaluations).values({
      agreementId: watchAgreement.id,
      milestone: "midterm",
      grade: "good",
      note,
      evaluatedBy: official.id,
      evaluatedAt: at(-30),
    });
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "evaluation.recorded",
      subjectType: "funding_agreement",
      subjectId: watchAgreement.id,
      areaId: district,
      after: { milestone: "midterm", grade: "good" },
      reason: note,
    });
    await releaseTranche(tx, venture2026, watchAgreement.tranche("midterm"), official, at(-30));
  });
  // The youth association's agreement: signed, its mid-term report five days late.
  await sign(venture2026, { id: awardIds[1]!, amountMinor: proposals[1]!.amountMinor }, official, at(-118), {
    startsOn: day(at(-117)),
    endsOn: day(at(60)),
    midtermDue: endOfDay(at(-6)),
    finalDue: endOfDay(at(70)),
  });

  // --- 4. A call in review: the `reviewer` account has one application to declare, one to score --------
  const venture2026b = await createAndPublishCall(
    {
      kind: "venture",
      areaId: district,
      targetAreaIds: [district],
      title: "天河区2026年社会组织公益创投活动（第二批·助残与为老）",
      titleEn: "Tianhe District 2026 Venture Grants, second round: disability and older people",
      description:
        "第二批安排 40 万元，重点资助助残和失智长者照护项目。单个项目不超过 20 万元，且不超过项目总预算的 60%。每个项目由 2 位随机抽取的专家评审。",
      descriptionEn:
        "The second round grants ¥400,000 for disability and dementia-care projects: at most ¥200,000 and 60% of a project’s budget each. Two randomly drawn experts review each application.",
      categories: ["elderly", "disability"],
      budgetYuan: 400_000,
      capYuan: 200_000,
      sharePercent: 60,
      priceWeight: 0,
      reviewersPerApplication: 2,
      rubric: ventureRubric,
      checklist: ventureChecklist,
      created: -45,
      publish: -42,
      opens: -37,
      closes: -7,
      reviewEnds: 7,
    },
    official,
    at,
  );
  const jobsApp = await apply(venture2026b.id, org1Id, ngo, disabilityJobs, district, at(-25), at(-9));
  const respiteApp = await apply(venture2026b.id, org2Id, ngo2, respiteCare, district, at(-20), at(-8));
  await screen(venture2026b, jobsApp, official, at(-6));
  await screen(venture2026b, respiteApp, official, at(-6));
  await startReview(venture2026b, official, at(-5), 2);
  // 木棉's application: the whole pool is eligible. The demo keeps a (real) seed that draws reviewer2 and
  // reviewer3, so reviewer3's recusal shows the replacement draw, which can only give `reviewer`.
  let jobsSeed = newDrawSeed();
  while (drawReviewers(jobsSeed, pool, 2).includes(reviewer.id)) jobsSeed = newDrawSeed();
  const jobs = await draw(venture2026b, jobsApp, jobsSeed, pool, 2, official, at(-5));
  const recusalReason = "2026 年 3 月曾为该机构的残障就业项目做过有偿财务督导。";
  await db.transaction(async (tx) => {
    await tx
      .update(fundingReviewAssignments)
      .set({ status: "recused", recusedAt: at(-4, 2), recusalReason })
      .where(eq(fundingReviewAssignments.id, jobs.get(reviewer3.id)!));
    await recordAudit(tx, {
      actorUserId: reviewer3.id,
      action: "review.recused",
      subjectType: "funding_review_assignment",
      subjectId: jobs.get(reviewer3.id)!,
      areaId: district,
      before: { status: "assigned" },
      after: { status: "recused", applicationId: jobsApp },
      reason: recusalReason,
    });
  });
  // The replacement pool leaves out everyone already assigned (the recused reviewer included).
  const replacement = await draw(
    venture2026b,
    jobsApp,
    newDrawSeed(),
    pool.filter((id) => !jobs.has(id)),
    1,
    reviewer3,
    at(-4, 2),
    "replacement",
  );
  if (!replacement.has(reviewer.id)) throw new Error("kapok: the demo replacement draw went wrong");
  await declare(venture2026b, jobsApp, jobs.get(reviewer2.id)!, reviewer2, at(-4));
  await submitReview(
    venture2026b,
    jobsApp,
    jobs.get(reviewer2.id)!,
    reviewer2,
    at(-2),
    [9, 8, 8, 7, 8, 7, 7],
    ["就业率数据有说服力", "", "", "", "社区商户参与是亮点", "", ""],
    "fund",
    "建议资助；岗位开发目标可以再具体到商户名单。",
  );
  // 穗星's application: reviewer3 declared a relationship with 穗星, so the pool leaves them out.
  const respite = await draw(
    venture2026b,
    respiteApp,
    newDrawSeed(),
    pool.filter((id) => id !== reviewer3.id),
    2,
    official,
    at(-5),
  );
  await declare(venture2026b, respiteApp, respite.get(reviewer.id)!, reviewer, at(-3));
  await declare(venture2026b, respiteApp, respite.get(reviewer2.id)!, reviewer2, at(-4));
  await submitReview(
    venture2026b,
    respiteApp,
    respite.get(reviewer2.id)!,
    reviewer2,
    at(-1),
    [9, 8, 9, 8, 7, 7, 8],
    ["照护者压力问题突出", "", "护理员均持证", "", "", "", ""],
    "fund",
    "需求迫切，团队专业，建议资助。",
  );

  // --- 5. A call whose public notice is over: awards proposed, the notice window ended, its one objection
  // answered, but not yet confirmed — so an official can press "confirm" in the demo (and the end-to-end
  // journey does), then sign the agreement and follow delivery. Both eligible applications have their
  // three submitted reviews, so the ranking and award pages show real scores.
  const micro2026 = await createAndPublishCall(
    {
      kind: "venture",
      areaId: district,
      targetAreaIds: [district],
      title: "天河区2026年社区公益微创投（公示期满）",
      titleEn: "Tianhe District 2026 community micro-grants (notice over)",
      description:
        "天河区安排 30 万元，资助社会组织在社区开展小型为老和青少年服务。单个项目不超过 15 万元，且不超过项目总预算的 60%。",
      descriptionEn:
        "Tianhe District grants ¥300,000 for small community projects for older and young people: at most ¥150,000 and 60% of a project’s budget each.",
      categories: ["elderly", "youth"],
      budgetYuan: 300_000,
      capYuan: 150_000,
      sharePercent: 60,
      priceWeight: 0,
      reviewersPerApplication: 3,
      rubric: ventureRubric,
      checklist: ventureChecklist,
      created: -80,
      publish: -78,
      opens: -75,
      closes: -45,
      reviewEnds: -25,
    },
    official,
    at,
  );
  const fallApp = await apply(micro2026.id, org1Id, ngo, fallPrevention, district, at(-60), at(-47));
  const clubApp = await apply(micro2026.id, org3!.id, youthOrg, homeworkClub, district, at(-58), at(-46));
  await screen(micro2026, fallApp, official, at(-43));
  await screen(micro2026, clubApp, official, at(-43));
  await startReview(micro2026, official, at(-42), 2);
  const microSheets: Record<string, number[][]> = {
    [fallApp]: [
      [9, 8, 8, 8, 7, 8, 8],
      [8, 8, 9, 7, 7, 8, 9],
      [9, 9, 8, 8, 8, 7, 8],
    ],
    [clubApp]: [
      [7, 7, 6, 7, 6, 6, 7],
      [8, 7, 7, 6, 6, 7, 7],
      [7, 6, 7, 7, 7, 6, 6],
    ],
  };
  for (const applicationId of [fallApp, clubApp]) {
    const assignments = await draw(micro2026, applicationId, newDrawSeed(), pool, 3, official, at(-41));
    let i = 0;
    for (const [reviewerId, assignmentId] of assignments) {
      const who = reviewerById.get(reviewerId)!;
      await declare(micro2026, applicationId, assignmentId, who, at(-40 + i));
      await submitReview(
        micro2026,
        applicationId,
        assignmentId,
        who,
        at(-36 + i),
        microSheets[applicationId]![i]!,
        ["", "", "", "", "", "", ""],
        i === 2 && applicationId === clubApp ? "fund_with_changes" : "fund",
        applicationId === fallApp
          ? "需求数据扎实，改造和训练结合，建议资助。"
          : "服务需求真实，建议补充安全管理制度后资助。",
      );
      i++;
    }
  }
  const microProposals = [
    { applicationId: fallApp, amountMinor: yuan(fallPrevention.requestedYuan), rank: 1 },
    { applicationId: clubApp, amountMinor: yuan(homeworkClub.requestedYuan), rank: 2 },
  ];
  await db.transaction(async (tx) => {
    for (const p of microProposals)
      await tx.insert(fundingAwards).values({
        callId: micro2026.id,
        applicationId: p.applicationId,
        amountMinor: p.amountMinor,
        rank: p.rank,
        totalScore: weightedTotal(ventureRubric, microSheets[p.applicationId]!),
        proposedBy: official.id,
        proposedAt: at(-22),
      });
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "award.proposed",
      subjectType: "funding_call",
      subjectId: micro2026.id,
      areaId: district,
      before: { awards: [] },
      after: {
        awards: microProposals,
        spendMinor: microProposals.reduce((s, p) => s + p.amountMinor, 0),
        budgetMinor: yuan(300_000),
        greedy: microProposals.map((p) => p.applicationId),
        deviates: false,
      },
    });
  });
  const microNoticeStarts = at(-21);
  const microNoticeEnds = at(-14);
  await db.transaction(async (tx) => {
    await tx
      .update(fundingCalls)
      .set({ status: "notice", noticeStartsAt: microNoticeStarts, noticeEndsAt: microNoticeEnds })
      .where(eq(fundingCalls.id, micro2026.id));
    await recordAudit(tx, {
      actorUserId: official.id,
      action: "award.notice_published",
      subjectType: "funding_call",
      subjectId: micro2026.id,
      areaId: district,
      before: { status: "in_review" },
      after: {
        status: "notice",
        noticeStartsAt: microNoticeStarts.toISOString(),
        noticeEndsAt: microNoticeEnds.toISOString(),
      },
    });
  });
  const microSubject: NoticeSubject = {
    ...subject,
    id: micro2026.id,
    noticeEndsAt: microNoticeEnds,
    isOpen: (now) => now >= microNoticeStarts && now < microNoticeEnds,
  };
  const microObjection = await raiseObjection({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    subject: microSubject,
    reason: "防跌倒改造的扶手由谁安装、出了问题找谁？希望公开合作企业。",
    now: at(-18),
  });
  await answerObjection({
    actor: official,
    actorRoles: official.roles,
    subject: microSubject,
    objectionId: microObjection.id,
    answer: "dismissed",
    answerText:
      "安装由木棉社工服务中心负责组织，合作企业名单和保修承诺将在协议签订后随中期报告公开；这不影响评审结果，维持原结果。",
    now: at(-17),
  });

  log(
    "kapok: demo funding calls: an open venture call and an open purchase, a call in review, last year's call awarded and in delivery, a call awaiting confirmation after its notice",
  );
}
