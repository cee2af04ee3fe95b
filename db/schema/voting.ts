import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { livelihoodSchemes, proposals } from "./livelihood";

export const ballotChannel = pgEnum("ballot_channel", ["web", "paper", "assisted"]);

/**
 * Who voted (the roll): one row per voter per scheme, the primary key being the database's guarantee of
 * one ballot per resident. It holds no choice. What was voted lives in `ballots`, which holds no voter id.
 */
export const ballotVoters = pgTable(
  "ballot_voters",
  {
    schemeId: uuid()
      .notNull()
      .references(() => livelihoodSchemes.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    channel: ballotChannel().notNull().default("web"),
    firstCastAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    changedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.schemeId, t.userId] })],
);

/** The choices a ballot holds; the shape depends on the scheme's voting method (voting/ballot-choices.ts). */
export type BallotChoices =
  | { kind: "select"; proposalIds: string[] }
  | { kind: "yes_no"; answers: Record<string, "yes" | "no" | "abstain"> };

/**
 * What was voted, with no voter id and no time of casting (a timestamp would let anyone join it back
 * to the roll). `voterToken` is a keyed hash (HMAC with an installation secret) of scheme and voter, so
 * a changed ballot replaces the earlier one; paper ballots use a keyed hash of their sheet number.
 * `receiptHash` is SHA-256 of the receipt code the voter was shown.
 */
export const ballots = pgTable(
  "ballots",
  {
    id: uuid().primaryKey().defaultRandom(),
    schemeId: uuid()
      .notNull()
      .references(() => livelihoodSchemes.id),
    voterToken: text().notNull(),
    receiptHash: text().notNull(),
    choices: jsonb().$type<BallotChoices>().notNull(),
    channel: ballotChannel().notNull().default("web"),
  },
  (t) => [
    uniqueIndex("ballots_scheme_voter_uq").on(t.schemeId, t.voterToken),
    uniqueIndex("ballots_receipt_uq").on(t.receiptHash),
  ],
);

/** A council vote (居民议事会) on one proposal, entered by an official from the meeting's record. */
export const councilVotes = pgTable(
  "council_votes",
  {
    schemeId: uuid()
      .notNull()
      .references(() => livelihoodSchemes.id),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    members: integer().notNull(),
    present: integer().notNull(),
    yes: integer().notNull(),
    no: integer().notNull(),
    abstain: integer().notNull(),
    recordedBy: uuid().references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.schemeId, t.proposalId] }),
    check(
      "council_votes_counts_ck",
      sql`${t.present} <= ${t.members} and ${t.yes} + ${t.no} + ${t.abstain} <= ${t.present} and least(${t.yes}, ${t.no}, ${t.abstain}) >= 0`,
    ),
  ],
);

/** The count of a closed vote, computed once after close and kept as published. */
export const voteResults = pgTable(
  "vote_results",
  {
    schemeId: uuid()
      .primaryKey()
      .references(() => livelihoodSchemes.id),
    countedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rule: text().notNull(),
    ballotCount: integer().notNull(),
    /** Tallies, winners, spend and the step-by-step explanation (voting/vote-result.ts). */
    result: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("vote_results_counted_idx").on(t.countedAt)],
);
