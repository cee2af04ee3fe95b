import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organisations, roleName, users } from "./accounts";
import { areas } from "./areas";
import { livelihoodProjects } from "./livelihood";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const money = () => bigint({ mode: "number" });

// ---------------------------------------------------------------------------------------------------
// Organisations: service areas, membership invitations, integrity declarations.
// ---------------------------------------------------------------------------------------------------

/** Where an NGO works (districts, streets or communities). */
export const organisationServiceAreas = pgTable(
  "organisation_service_areas",
  {
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.areaId] })],
);

/**
 * An organisation admin invites a person by e-mail or phone; the person accepts from their own account,
 * which grants the ngo_admin/ngo_member role scoped to the organisation.
 */
export const organisationInvitations = pgTable(
  "organisation_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** Normalised e-mail (lower-case) or E.164 phone. */
    identifier: text().notNull(),
    role: roleName().notNull(),
    invitedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("organisation_invitations_pending_uq")
      .on(t.organisationId, t.identifier)
      .where(sql`accepted_at is null and cancelled_at is null`),
    index("organisation_invitations_identifier_idx").on(t.identifier),
    check("organisation_invitations_role_ck", sql`${t.role} in ('ngo_admin', 'ngo_member')`),
  ],
);

/**
 * The integrity declarations funders require (Guangzhou 公益创投 eligibility): not on the abnormal-activity
 * list in the past year, not on the serious-violation list in the past two years, no major violation in
 * three years. Append-only: a new declaration supersedes, the history stays.
 */
export const organisationDeclarations = pgTable(
  "organisation_declarations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    declarantId: uuid().references(() => users.id),
    declarantName: text().notNull(),
    declaredAt: createdAt(),
    notAbnormal1y: boolean().notNull(),
    notSeriousViolation2y: boolean().notNull(),
    noMajorViolation3y: boolean().notNull(),
    note: text(),
  },
  (t) => [index("organisation_declarations_org_idx").on(t.organisationId, t.declaredAt)],
);

/** A reviewer's declared relationship with an organisation: they are never drawn for its applications. */
export const reviewerConflicts = pgTable(
  "reviewer_conflicts",
  {
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    note: text().notNull().default(""),
    declaredAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.reviewerId, t.organisationId] })],
);

// ---------------------------------------------------------------------------------------------------
// Calls.
// ---------------------------------------------------------------------------------------------------

/** 公益创投 (venture grant) or 政府购买服务 (purchase of service). */
export const callKind = pgEnum("call_kind", ["venture", "purchase"]);
/**
 * Stored status. A published call's phase (scheduled, open, closed) follows from its times and the
 * server clock (funding/call-phase.ts), so no job has to flip it at the deadline.
 */
export const callStatus = pgEnum("call_status", [
  "draft",
  "published",
  "in_review",
  "notice",
  "awarded",
  "cancelled",
]);
export const callAggregation = pgEnum("call_aggregation", ["mean", "trimmed_mean"]);

/** Money is in minor units (fen), like livelihood schemes. */
export const fundingCalls = pgTable(
  "funding_calls",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: callKind().notNull(),
    /** The area whose government runs the call (a street, district or the city). */
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    title: text().notNull(),
    titleEn: text().notNull().default(""),
    description: text().notNull().default(""),
    descriptionEn: text().notNull().default(""),
    /** Category keys (funding/call-categories.ts): elderly, disability, youth, relief, other. */
    categories: text().array().notNull(),
    status: callStatus().notNull().default("draft"),
    budgetMinor: money().notNull(),
    perProjectCapMinor: money().notNull(),
    /** Largest grant share of a project's total budget, in percent (60 → at least 40% self-raised). */
    maxGrantSharePercent: smallint().notNull().default(100),
    /** Purchases: weight of the price score; criteria weights sum to 100 − this. Ventures: 0. */
    priceWeight: smallint().notNull().default(0),
    aggregation: callAggregation().notNull().default("mean"),
    reviewersPerApplication: smallint().notNull().default(3),
    publishAt: timestamp({ withTimezone: true }).notNull(),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    reviewEndsAt: timestamp({ withTimezone: true }).notNull(),
    noticeDays: smallint().notNull().default(7),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    publishedAt: timestamp({ withTimezone: true }),
    reviewStartedAt: timestamp({ withTimezone: true }),
    noticeStartsAt: timestamp({ withTimezone: true }),
    noticeEndsAt: timestamp({ withTimezone: true }),
    awardedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
  },
  (t) => [
    index("funding_calls_area_idx").on(t.areaId),
    check("funding_calls_budget_ck", sql`${t.budgetMinor} > 0 and ${t.perProjectCapMinor} > 0`),
    check("funding_calls_cap_ck", sql`${t.perProjectCapMinor} <= ${t.budgetMinor}`),
    check(
      "funding_calls_share_ck",
      sql`${t.maxGrantSharePercent} between 1 and 100 and ${t.priceWeight} between 0 and 90`,
    ),
    check(
      "funding_calls_timeline_ck",
      sql`${t.publishAt} <= ${t.opensAt} and ${t.opensAt} < ${t.closesAt} and ${t.closesAt} <= ${t.reviewEndsAt}`,
    ),
  ],
);

/** The areas a call serves (where the projects must take place). */
export const fundingCallAreas = pgTable(
  "funding_call_areas",
  {
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id, { onDelete: "cascade" }),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
  },
  (t) => [primaryKey({ columns: [t.callId, t.areaId] })],
);

/** "Buy the service residents voted for": adopted livelihood projects the call was created from. */
export const fundingCallProjects = pgTable(
  "funding_call_projects",
  {
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id, { onDelete: "cascade" }),
    projectId: uuid()
      .notNull()
      .references(() => livelihoodProjects.id),
  },
  (t) => [primaryKey({ columns: [t.callId, t.projectId] })],
);

/** An eligibility checklist item, checked pass/fail for each application at screening. */
export const fundingChecklistItems = pgTable(
  "funding_checklist_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    label: text().notNull(),
    labelEn: text().notNull().default(""),
  },
  (t) => [uniqueIndex("funding_checklist_items_position_uq").on(t.callId, t.position)],
);

/** A scoring criterion of the call's rubric; frozen once the call opens. */
export const fundingCriteria = pgTable(
  "funding_criteria",
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id, { onDelete: "cascade" }),
    position: smallint().notNull(),
    name: text().notNull(),
    nameEn: text().notNull().default(""),
    description: text().notNull().default(""),
    maxScore: smallint().notNull(),
    weight: smallint().notNull(),
  },
  (t) => [
    uniqueIndex("funding_criteria_position_uq").on(t.callId, t.position),
    check("funding_criteria_ck", sql`${t.maxScore} between 1 and 100 and ${t.weight} between 1 and 100`),
  ],
);

/** Public Q&A: a question anyone signed in asks; the official's answer is shown to everyone. */
export const fundingQuestions = pgTable(
  "funding_questions",
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id),
    askedBy: uuid().references(() => users.id),
    question: text().notNull(),
    createdAt: createdAt(),
    answer: text(),
    answeredBy: uuid().references(() => users.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("funding_questions_call_idx").on(t.callId, t.createdAt)],
);

// ---------------------------------------------------------------------------------------------------
// Applications and screening.
// ---------------------------------------------------------------------------------------------------

export const applicationStatus = pgEnum("application_status", [
  "draft",
  "submitted",
  /** Returned once by screening for rework, with a deadline. */
  "returned",
  "withdrawn",
  "eligible",
  "ineligible",
  "awarded",
  "not_awarded",
]);

export type ApplicationActivity = { activity: string; timing: string };
export type ApplicationIndicator = { indicator: string; target: string };
/** Budget line categories: funding/budget-rules.ts. */
export type ApplicationBudgetLine = { category: string; item: string; amountMinor: number };

export const fundingApplications = pgTable(
  "funding_applications",
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id),
    /** For a call created from livelihood projects: the project this application would deliver. */
    livelihoodProjectId: uuid().references(() => livelihoodProjects.id),
    status: applicationStatus().notNull().default("draft"),
    title: text().notNull(),
    summary: text().notNull().default(""),
    needs: text().notNull().default(""),
    beneficiaries: text().notNull().default(""),
    beneficiaryCount: integer().notNull().default(0),
    objectives: text().notNull().default(""),
    activities: jsonb().$type<ApplicationActivity[]>().notNull().default([]),
    indicators: jsonb().$type<ApplicationIndicator[]>().notNull().default([]),
    team: text().notNull().default(""),
    budgetLines: jsonb().$type<ApplicationBudgetLine[]>().notNull().default([]),
    /** Sum of the budget lines: the project's total budget. */
    projectTotalMinor: money().notNull().default(0),
    selfRaisedMinor: money().notNull().default(0),
    /** The grant requested (venture) or the bid price (purchase). */
    requestedMinor: money().notNull().default(0),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    submittedAt: timestamp({ withTimezone: true }),
    withdrawnAt: timestamp({ withTimezone: true }),
    returnedAt: timestamp({ withTimezone: true }),
    returnReason: text(),
    reworkDueAt: timestamp({ withTimezone: true }),
    resubmittedAt: timestamp({ withTimezone: true }),
    screenedBy: uuid().references(() => users.id),
    screenedAt: timestamp({ withTimezone: true }),
    /** Why it is ineligible, in the official's words (the failed checklist items carry their own). */
    screeningNote: text(),
  },
  (t) => [
    index("funding_applications_call_idx").on(t.callId, t.status),
    index("funding_applications_org_idx").on(t.organisationId),
    check(
      "funding_applications_money_ck",
      sql`${t.requestedMinor} >= 0 and ${t.selfRaisedMinor} >= 0 and ${t.projectTotalMinor} >= 0`,
    ),
  ],
);

/** One checklist item checked for one application at screening. */
export const fundingScreeningChecks = pgTable(
  "funding_screening_checks",
  {
    applicationId: uuid()
      .notNull()
      .references(() => fundingApplications.id),
    itemId: uuid()
      .notNull()
      .references(() => fundingChecklistItems.id),
    passed: boolean().notNull(),
    reason: text(),
    checkedBy: uuid().references(() => users.id),
    checkedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.itemId] })],
);

// ---------------------------------------------------------------------------------------------------
// Review: random draw with a recorded seed, declarations and recusals, blind scores.
// ---------------------------------------------------------------------------------------------------

/**
 * One draw of reviewers for an application. The seed, the eligible pool (sorted ids) and the result are
 * kept so anyone can re-run funding/reviewer-draw.ts and get the same reviewers.
 */
export const fundingReviewDraws = pgTable(
  "funding_review_draws",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid()
      .notNull()
      .references(() => fundingApplications.id),
    /** "initial" or "replacement" (after a recusal). */
    reason: text().notNull(),
    seed: text().notNull(),
    pool: uuid().array().notNull(),
    drawn: uuid().array().notNull(),
    drawnBy: uuid().references(() => users.id),
    drawnAt: createdAt(),
  },
  (t) => [index("funding_review_draws_application_idx").on(t.applicationId, t.drawnAt)],
);

export const reviewAssignmentStatus = pgEnum("review_assignment_status", [
  /** Drawn; the application stays closed until the reviewer declares no conflict. */
  "assigned",
  "declared",
  "recused",
  "submitted",
]);
export const reviewRecommendation = pgEnum("review_recommendation", [
  "fund",
  "fund_with_changes",
  "do_not_fund",
]);

export const fundingReviewAssignments = pgTable(
  "funding_review_assignments",
  {
    id: uuid().primaryKey().defaultRandom(),
    applicationId: uuid()
      .notNull()
      .references(() => fundingApplications.id),
    reviewerId: uuid()
      .notNull()
      .references(() => users.id),
    drawId: uuid()
      .notNull()
      .references(() => fundingReviewDraws.id),
    status: reviewAssignmentStatus().notNull().default("assigned"),
    assignedAt: createdAt(),
    declaredAt: timestamp({ withTimezone: true }),
    recusedAt: timestamp({ withTimezone: true }),
    recusalReason: text(),
    recommendation: reviewRecommendation(),
    comment: text(),
    submittedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("funding_review_assignments_uq").on(t.applicationId, t.reviewerId),
    index("funding_review_assignments_reviewer_idx").on(t.reviewerId, t.status),
  ],
);

/** A reviewer's score on one criterion (0..maxScore), with a comment. Never shown with the reviewer's name. */
export const fundingScores = pgTable(
  "funding_scores",
  {
    assignmentId: uuid()
      .notNull()
      .references(() => fundingReviewAssignments.id),
    criterionId: uuid()
      .notNull()
      .references(() => fundingCriteria.id),
    score: smallint().notNull(),
    comment: text().notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.assignmentId, t.criterionId] }),
    check("funding_scores_ck", sql`${t.score} >= 0`),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Awards, public notice, agreements, tranches, reports and evaluations.
// ---------------------------------------------------------------------------------------------------

export const awardStatus = pgEnum("award_status", ["proposed", "confirmed", "withdrawn"]);

export const fundingAwards = pgTable(
  "funding_awards",
  {
    id: uuid().primaryKey().defaultRandom(),
    callId: uuid()
      .notNull()
      .references(() => fundingCalls.id),
    applicationId: uuid()
      .notNull()
      .unique()
      .references(() => fundingApplications.id),
    amountMinor: money().notNull(),
    /** Position in the ranking when proposed, and the aggregated total score (0–100) then. */
    rank: integer().notNull(),
    totalScore: text().notNull(),
    /** Written justification when the proposal departs from greedy-by-score (audited). */
    deviationNote: text(),
    status: awardStatus().notNull().default("proposed"),
    proposedBy: uuid().references(() => users.id),
    proposedAt: createdAt(),
    confirmedBy: uuid().references(() => users.id),
    confirmedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("funding_awards_call_idx").on(t.callId),
    check("funding_awards_amount_ck", sql`${t.amountMinor} > 0`),
  ],
);

/** The agreement (合同/协议) per confirmed award. */
export const fundingAgreements = pgTable("funding_agreements", {
  id: uuid().primaryKey().defaultRandom(),
  awardId: uuid()
    .notNull()
    .unique()
    .references(() => fundingAwards.id),
  amountMinor: money().notNull(),
  startsOn: date().notNull(),
  endsOn: date().notNull(),
  signedAt: timestamp({ withTimezone: true }).notNull(),
  signedBy: uuid().references(() => users.id),
  /** Set when a failed evaluation stops every later tranche. */
  stoppedAt: timestamp({ withTimezone: true }),
});

/** What releases a tranche: the signing, a passed mid-term evaluation, a passed final evaluation. */
export const trancheMilestone = pgEnum("tranche_milestone", ["signing", "midterm", "final"]);
export const trancheStatus = pgEnum("tranche_status", ["pending", "released", "stopped"]);

export const fundingTranches = pgTable(
  "funding_tranches",
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => fundingAgreements.id),
    position: smallint().notNull(),
    milestone: trancheMilestone().notNull(),
    percent: smallint().notNull(),
    amountMinor: money().notNull(),
    status: trancheStatus().notNull().default("pending"),
  },
  (t) => [
    uniqueIndex("funding_tranches_position_uq").on(t.agreementId, t.position),
    uniqueIndex("funding_tranches_milestone_uq").on(t.agreementId, t.milestone),
  ],
);

/** The disbursement ledger: one row per released tranche (a record, not a payment). Append-only. */
export const fundingDisbursements = pgTable("funding_disbursements", {
  id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  trancheId: uuid()
    .notNull()
    .unique()
    .references(() => fundingTranches.id),
  amountMinor: money().notNull(),
  releasedAt: createdAt(),
  releasedBy: uuid().references(() => users.id),
});

export const reportMilestone = pgEnum("report_milestone", ["midterm", "final"]);
export const reportStatus = pgEnum("report_status", ["due", "submitted", "accepted", "returned"]);

export type ReportIndicator = { indicator: string; target: string; achieved: string };

/** The NGO's report for a milestone; officials accept it or return it with a reason. */
export const fundingReports = pgTable(
  "funding_reports",
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => fundingAgreements.id),
    milestone: reportMilestone().notNull(),
    dueAt: timestamp({ withTimezone: true }).notNull(),
    status: reportStatus().notNull().default("due"),
    narrative: text().notNull().default(""),
    indicators: jsonb().$type<ReportIndicator[]>().notNull().default([]),
    spendMinor: money().notNull().default(0),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id),
    returnReason: text(),
  },
  (t) => [uniqueIndex("funding_reports_milestone_uq").on(t.agreementId, t.milestone)],
);

export const evaluationGrade = pgEnum("evaluation_grade", ["excellent", "good", "pass", "fail"]);

/** Mid-term and final evaluations (优秀 / 良好 / 合格 / 不合格). A fail stops later tranches. */
export const fundingEvaluations = pgTable(
  "funding_evaluations",
  {
    id: uuid().primaryKey().defaultRandom(),
    agreementId: uuid()
      .notNull()
      .references(() => fundingAgreements.id),
    milestone: reportMilestone().notNull(),
    grade: evaluationGrade().notNull(),
    note: text().notNull().default(""),
    evaluatedBy: uuid().references(() => users.id),
    evaluatedAt: createdAt(),
  },
  (t) => [uniqueIndex("funding_evaluations_milestone_uq").on(t.agreementId, t.milestone)],
);
