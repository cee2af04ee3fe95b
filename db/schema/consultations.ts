import {
  boolean,
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
import { users } from "./accounts";
import { areas } from "./areas";
import { matters } from "./matters";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const consultationStatus = pgEnum("consultation_status", ["draft", "published", "cancelled"]);
export const consultationEligibility = pgEnum("consultation_eligibility", ["verified", "registered"]);

/** A consultation (协商) for an area. Open between opensAt and closesAt by the server clock. */
export const consultations = pgTable(
  "consultations",
  {
    id: uuid().primaryKey().defaultRandom(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    matterId: uuid().references(() => matters.id),
    title: text().notNull(),
    background: text().notNull(),
    status: consultationStatus().notNull().default("draft"),
    /** verified: verified residents of the area; registered: anyone logged in who lives in (or asked to join) it. */
    eligibility: consultationEligibility().notNull().default("verified"),
    liveResults: boolean().notNull().default(false),
    allowStatements: boolean().notNull().default(false),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    closesAt: timestamp({ withTimezone: true }).notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("consultations_area_idx").on(t.areaId)],
);

export const questionKind = pgEnum("question_kind", ["single", "multiple", "ranking", "scale", "text"]);

export const consultationQuestions = pgTable(
  "consultation_questions",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id),
    position: smallint().notNull(),
    kind: questionKind().notNull(),
    prompt: text().notNull(),
    /** Choice texts for single, multiple and ranking. */
    options: jsonb().$type<string[]>().notNull().default([]),
    minChoices: smallint(),
    maxChoices: smallint(),
    required: boolean().notNull().default(true),
  },
  (t) => [uniqueIndex("consultation_questions_position_uq").on(t.consultationId, t.position)],
);

/** Answers by question id: option index, option indexes, ranked option indexes, 1–5, or text. */
export type ConsultationAnswers = Record<string, number | number[] | string>;
export const responseChannel = pgEnum("response_channel", ["web", "assisted"]);

/**
 * One response per person per consultation (unique index), changeable until close. A grid worker's
 * assisted response is stored under the resident it was given for, so an online answer later replaces it.
 */
export const consultationResponses = pgTable(
  "consultation_responses",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    channel: responseChannel().notNull().default("web"),
    /** The grid worker who recorded an assisted response. */
    recordedBy: uuid().references(() => users.id),
    answers: jsonb().$type<ConsultationAnswers>().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex("consultation_responses_one_uq").on(t.consultationId, t.userId)],
);

export const statementStatus = pgEnum("statement_status", ["pending", "approved", "rejected"]);

/** Short participant statements (Polis-style), moderated before others vote on them. */
export const consultationStatements = pgTable(
  "consultation_statements",
  {
    id: uuid().primaryKey().defaultRandom(),
    consultationId: uuid()
      .notNull()
      .references(() => consultations.id),
    authorId: uuid().references(() => users.id),
    text: text().notNull(),
    status: statementStatus().notNull().default("pending"),
    moderatedBy: uuid().references(() => users.id),
    moderatedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("consultation_statements_idx").on(t.consultationId, t.status)],
);

export const statementVote = pgEnum("statement_vote", ["agree", "disagree", "pass"]);

/** Kept per person and statement (the vote matrix), so opinion groups can be computed later. */
export const statementVotes = pgTable(
  "statement_votes",
  {
    statementId: uuid()
      .notNull()
      .references(() => consultationStatements.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    vote: statementVote().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.statementId, t.userId] })],
);

export const meetingStatus = pgEnum("meeting_status", ["scheduled", "held", "cancelled"]);

/** A deliberation meeting (居民议事会) attached to a consultation or a matter. */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    consultationId: uuid().references(() => consultations.id),
    matterId: uuid().references(() => matters.id),
    title: text().notNull(),
    place: text().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    status: meetingStatus().notNull().default("scheduled"),
    /** Council size for its votes (quorum base). */
    councilSize: integer(),
    minutes: text(),
    minutesPublishedAt: timestamp({ withTimezone: true }),
    /** Set when the organiser cancels the meeting, with the reason shown on its page. */
    cancelledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("meetings_area_idx").on(t.areaId, t.startsAt)],
);

export const registrationStatus = pgEnum("registration_status", ["registered", "waitlisted", "cancelled"]);

/**
 * Registration for a meeting; one per person (unique index). A waiting-list place is promoted when a
 * registered person cancels. Each registration carries its own check-in code (stored hashed), used once.
 */
export const meetingRegistrations = pgTable(
  "meeting_registrations",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    status: registrationStatus().notNull(),
    registeredAt: createdAt(),
    promotedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    checkInCodeHash: text().notNull(),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedInBy: uuid().references(() => users.id),
  },
  (t) => [
    uniqueIndex("meeting_registrations_one_uq").on(t.meetingId, t.userId),
    uniqueIndex("meeting_registrations_code_uq").on(t.checkInCodeHash),
    index("meeting_registrations_queue_idx").on(t.meetingId, t.status, t.registeredAt),
  ],
);

/** A motion voted by the council at a meeting: quorum more than 2/3 of members, majority of those present. */
export const meetingMotions = pgTable("meeting_motions", {
  id: uuid().primaryKey().defaultRandom(),
  meetingId: uuid()
    .notNull()
    .references(() => meetings.id),
  motion: text().notNull(),
  members: integer().notNull(),
  present: integer().notNull(),
  yes: integer().notNull(),
  no: integer().notNull(),
  abstain: integer().notNull(),
  passed: boolean().notNull(),
  quorate: boolean().notNull(),
  recordedBy: uuid().references(() => users.id),
  recordedAt: createdAt(),
});

/** The published outcome of a consultation (or of a matter handled by meeting): what was decided and why. */
export const outcomes = pgTable(
  "outcomes",
  {
    id: uuid().primaryKey().defaultRandom(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    consultationId: uuid()
      .references(() => consultations.id)
      .unique(),
    matterId: uuid().references(() => matters.id),
    title: text().notNull(),
    summary: text().notNull(),
    decisions: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid().references(() => users.id),
    noticeEndsAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("outcomes_area_idx").on(t.areaId, t.publishedAt)],
);

export const optionHandling = pgEnum("option_handling", ["adopted", "partly", "not_adopted"]);

/** How each main option or opinion was handled, with the reason. */
export const outcomeItems = pgTable("outcome_items", {
  id: uuid().primaryKey().defaultRandom(),
  outcomeId: uuid()
    .notNull()
    .references(() => outcomes.id),
  position: smallint().notNull(),
  opinion: text().notNull(),
  handling: optionHandling().notNull(),
  reason: text().notNull(),
});

export const followUpStatus = pgEnum("follow_up_status", ["planned", "in_progress", "done", "dropped"]);

/** Follow-up actions (督办) with an owner and a due date; every status change is kept. */
export const followUpActions = pgTable("follow_up_actions", {
  id: uuid().primaryKey().defaultRandom(),
  outcomeId: uuid()
    .notNull()
    .references(() => outcomes.id),
  title: text().notNull(),
  owner: text().notNull(),
  dueOn: date().notNull(),
  status: followUpStatus().notNull().default("planned"),
  updatedAt: createdAt(),
});

export const followUpUpdates = pgTable(
  "follow_up_updates",
  {
    id: uuid().primaryKey().defaultRandom(),
    actionId: uuid()
      .notNull()
      .references(() => followUpActions.id),
    status: followUpStatus().notNull(),
    note: text().notNull(),
    authorId: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("follow_up_updates_action_idx").on(t.actionId, t.createdAt)],
);
