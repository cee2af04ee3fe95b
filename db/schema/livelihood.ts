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
  uuid,
} from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";
import { areas } from "./areas";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** How a scheme decides: participatory budget, approval of up to K, yes/no per proposal, council vote. */
export const votingMethod = pgEnum("voting_method", ["budget", "approval", "yes_no", "council"]);
export const countingRule = pgEnum("counting_rule", ["greedy", "greedy-no-skip", "equal-shares"]);
export const schemeStatus = pgEnum("scheme_status", ["draft", "published", "cancelled"]);

/**
 * A livelihood scheme (民生实事) for one area. The phase a published scheme is in (collecting,
 * deliberating, voting, counting, notice, implementing) follows from its timestamps and the server
 * clock (livelihood/scheme-phase.ts), so no job has to flip it at midnight.
 * Money is in minor units (fen).
 */
export const livelihoodSchemes = pgTable(
  "livelihood_schemes",
  {
    id: uuid().primaryKey().defaultRandom(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    title: text().notNull(),
    description: text().notNull().default(""),
    status: schemeStatus().notNull().default("draft"),
    budgetMinor: bigint({ mode: "number" }).notNull(),
    /** Per-type caps on one proposal's cost; null = only the budget limits it. */
    capServiceMinor: bigint({ mode: "number" }),
    capGoodsMinor: bigint({ mode: "number" }),
    capWorksMinor: bigint({ mode: "number" }),
    /** Category keys offered (livelihood/categories.ts). */
    categories: text().array().notNull(),
    /** The negative list in the scheme's own words (what will be screened out and why). */
    exclusions: text().notNull().default(""),
    supportThreshold: integer().notNull(),
    supportWindowDays: integer().notNull(),
    maxProposalsPerResident: integer().notNull().default(3),
    collectionOpensAt: timestamp({ withTimezone: true }).notNull(),
    collectionClosesAt: timestamp({ withTimezone: true }).notNull(),
    votingOpensAt: timestamp({ withTimezone: true }).notNull(),
    votingClosesAt: timestamp({ withTimezone: true }).notNull(),
    noticeDays: integer().notNull().default(7),
    votingMethod: votingMethod().notNull().default("budget"),
    countingRule: countingRule().notNull().default("greedy"),
    /** Approval: at most K choices; budget: optional max number of projects on a ballot. */
    maxChoices: integer(),
    /** Council vote: number of council members (quorum base). */
    councilSize: integer(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    publishedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    /** Set when an official publishes the counted results and opens the public notice (公示). */
    resultsPublishedAt: timestamp({ withTimezone: true }),
    noticeEndsAt: timestamp({ withTimezone: true }),
    /** Set when the notice has closed with every objection answered and projects move to delivery. */
    confirmedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("livelihood_schemes_area_idx").on(t.areaId),
    check("livelihood_schemes_budget_ck", sql`${t.budgetMinor} > 0`),
    check(
      "livelihood_schemes_timeline_ck",
      sql`${t.collectionOpensAt} < ${t.collectionClosesAt} and ${t.collectionClosesAt} <= ${t.votingOpensAt} and ${t.votingOpensAt} < ${t.votingClosesAt}`,
    ),
  ],
);

export const proposalType = pgEnum("proposal_type", ["service", "goods", "works"]);
export const proposalStatus = pgEnum("proposal_status", [
  "draft",
  "collecting",
  "withdrawn",
  "expired",
  "screening",
  "eligible",
  "ineligible",
  "merged",
  "selected",
  "not_selected",
]);
export const screeningReason = pgEnum("screening_reason", [
  "excluded_category",
  "over_cap",
  "out_of_area",
  "duplicate",
  "not_feasible",
  "other",
]);

/** A resident's proposal. The author id is nulled-out only through account deletion (PII blanked). */
export const proposals = pgTable(
  "proposals",
  {
    id: uuid().primaryKey().defaultRandom(),
    schemeId: uuid()
      .notNull()
      .references(() => livelihoodSchemes.id),
    authorId: uuid().references(() => users.id),
    title: text().notNull(),
    /** Markdown source; rendered sanitised. */
    body: text().notNull(),
    category: text().notNull(),
    type: proposalType().notNull(),
    estimatedCostMinor: bigint({ mode: "number" }).notNull(),
    /** Cost after the feasibility and cost review; counting uses it when set. */
    revisedCostMinor: bigint({ mode: "number" }),
    costNote: text(),
    communityId: integer()
      .notNull()
      .references(() => areas.id),
    gridId: integer().references(() => areas.id),
    address: text().notNull().default(""),
    status: proposalStatus().notNull().default("draft"),
    publishedAt: timestamp({ withTimezone: true }),
    /** End of the support window (publishedAt + scheme.supportWindowDays, capped at collection close). */
    supportDeadline: timestamp({ withTimezone: true }),
    screeningReason: screeningReason(),
    mergedIntoId: uuid(),
    /** The official response shown on the proposal (screening, and later). */
    officialResponse: text(),
    respondedBy: uuid().references(() => users.id),
    respondedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("proposals_scheme_status_idx").on(t.schemeId, t.status),
    index("proposals_author_idx").on(t.authorId),
    check("proposals_cost_ck", sql`${t.estimatedCostMinor} > 0`),
  ],
);

export const proposalCoproposers = pgTable(
  "proposal_coproposers",
  {
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    addedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

/** One support per resident per proposal (the primary key); retracting deletes the row. */
export const proposalSupports = pgTable(
  "proposal_supports",
  {
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.userId] }),
    index("proposal_supports_user_idx").on(t.userId),
  ],
);

export const responsibleKind = pgEnum("responsible_kind", ["committee", "department", "organisation"]);
export const projectTrack = pgEnum("project_track", ["not_started", "on_track", "delayed", "done"]);
export const projectStatus = pgEnum("project_status", ["implementing", "accepted", "failed"]);

/** A selected proposal in delivery, from confirmation after the public notice to acceptance (验收). */
export const livelihoodProjects = pgTable(
  "livelihood_projects",
  {
    id: uuid().primaryKey().defaultRandom(),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id)
      .unique(),
    schemeId: uuid()
      .notNull()
      .references(() => livelihoodSchemes.id),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    status: projectStatus().notNull().default("implementing"),
    track: projectTrack().notNull().default("not_started"),
    progressPercent: smallint().notNull().default(0),
    responsibleKind: responsibleKind(),
    responsibleName: text(),
    responsibleOrganisationId: uuid().references(() => organisations.id),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id),
    acceptanceNote: text(),
    /** Residents rate the project from acceptance until this time. */
    evaluationClosesAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("livelihood_projects_scheme_idx").on(t.schemeId)],
);

export const projectMilestones = pgTable(
  "project_milestones",
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => livelihoodProjects.id),
    title: text().notNull(),
    dueOn: date().notNull(),
    doneAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("project_milestones_project_idx").on(t.projectId)],
);

export const projectUpdates = pgTable(
  "project_updates",
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => livelihoodProjects.id),
    authorId: uuid().references(() => users.id),
    /** Shown as the author's side: committee, department, or the delivering NGO. */
    authorLabel: text(),
    body: text().notNull(),
    progressPercent: smallint().notNull(),
    track: projectTrack().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("project_updates_project_idx").on(t.projectId, t.createdAt)],
);

export const satisfaction = pgEnum("satisfaction", ["satisfied", "basically_satisfied", "dissatisfied"]);

/** One rating per resident per project (primary key); changeable while evaluation is open. */
export const projectEvaluations = pgTable(
  "project_evaluations",
  {
    projectId: uuid()
      .notNull()
      .references(() => livelihoodProjects.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    rating: satisfaction().notNull(),
    comment: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

/**
 * The public timeline of any subject (proposal, scheme, project, later matters): every status change
 * and official act, in order. Written in the same transaction as the change it records.
 */
export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    occurredAt: createdAt(),
    /** Catalogue key suffix, e.g. "published", "screened.eligible", "merged". */
    kind: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    actorUserId: uuid().references(() => users.id),
    /** Whether the actor acted in an official capacity (shown as "official"). */
    official: boolean().notNull().default(false),
    note: text(),
    params: jsonb().$type<Record<string, string | number | null>>().notNull().default({}),
  },
  (t) => [index("timeline_entries_subject_idx").on(t.subjectType, t.subjectId, t.occurredAt)],
);
