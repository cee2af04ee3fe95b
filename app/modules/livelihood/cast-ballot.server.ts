import { and, eq, sql, type Query } from "drizzle-orm";
import type { Tx } from "~db/client";
import type { BallotChoices } from "~db/schema/voting";
import { ballots, ballotVoters } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canParticipate } from "./permissions";
import { isVotingOpen, schemePhase } from "./scheme-phase";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import type { YesNoAnswer } from "~/modules/voting/ballot-schemas";
import { checkBudgetBallot } from "~/modules/voting/budget-instance";
import {
  getVotingScheme,
  isUuid,
  listBallotProposals,
  type BallotProposal,
  type VotingScheme,
} from "./ballot-queries.server";
import { ballotKey, newReceiptCode, receiptHash, voterToken } from "~/modules/voting/voter-token.server";

export interface ChoiceInput {
  proposalIds?: readonly string[];
  answers?: Readonly<Record<string, YesNoAnswer>>;
}

/** A scheme that exists and is published; drafts are as good as missing to voters. */
export async function requireVotingScheme(schemeId: string) {
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status === "draft") throw new DomainError("voting:errors.schemeNotFound", 404);
  return scheme;
}

/**
 * Checks a ballot against the scheme's method and its proposals on the ballot; returns what is stored.
 * Shared by online and paper ballots (the same rules hold for both).
 */
export function checkChoices(
  scheme: Pick<VotingScheme, "votingMethod" | "budgetMinor" | "maxChoices">,
  onBallot: readonly Pick<BallotProposal, "id" | "cost">[],
  input: ChoiceInput,
): BallotChoices {
  const known = new Set(onBallot.map((p) => p.id));
  if (scheme.votingMethod === "council") throw new DomainError("voting:errors.councilOnly", 409);
  if (scheme.votingMethod === "yes_no") {
    const answers: Record<string, YesNoAnswer> = {};
    for (const id of Object.keys(input.answers ?? {}))
      if (!known.has(id)) throw new DomainError("voting:errors.unknownProposal", 422);
    for (const p of onBallot) {
      const answer = input.answers?.[p.id];
      if (!answer) throw new DomainError("voting:errors.answerEach", 422);
      answers[p.id] = answer;
    }
    if (onBallot.length === 0) throw new DomainError("voting:errors.nothingToVoteOn", 409);
    return { kind: "yes_no", answers };
  }
  const chosen = [...(input.proposalIds ?? [])];
  if (chosen.length === 0) throw new DomainError("voting:errors.emptyBallot", 422);
  if (new Set(chosen).size !== chosen.length) throw new DomainError("voting:errors.unknownProposal", 422);
  for (const id of chosen) if (!known.has(id)) throw new DomainError("voting:errors.unknownProposal", 422);
  if (scheme.votingMethod === "approval") {
    const k = scheme.maxChoices ?? onBallot.length;
    if (chosen.length > k) throw new DomainError("voting:errors.tooMany", 422, { max: k });
  } else {
    const problem = checkBudgetBallot(
      {
        projects: onBallot.map((p) => ({ id: p.id, cost: p.cost })),
        budget: scheme.budgetMinor,
        ...(scheme.maxChoices ? { maxProjectsPerBallot: scheme.maxChoices } : {}),
      },
      chosen,
    );
    if (problem?.problem === "tooManyProjects")
      throw new DomainError("voting:errors.tooMany", 422, { max: problem.max });
    if (problem?.problem === "overBudget")
      throw new DomainError("voting:errors.overBudget", 422, {
        total: problem.total / 100,
        budget: problem.budget / 100,
      });
    if (problem) throw new DomainError("voting:errors.unknownProposal", 422);
  }
  // Stored in ballot order, so the same choices always look the same (no hint of the clicking order).
  const order = new Map(onBallot.map((p, i) => [p.id, i]));
  chosen.sort((a, b) => order.get(a)! - order.get(b)!);
  return { kind: "select", proposalIds: chosen };
}

/** Refuses a ballot outside the voting window, saying when it opens or closed. */
export function assertVotingOpen(scheme: VotingScheme, now: Date) {
  if (scheme.status === "cancelled") throw new DomainError("voting:errors.cancelled", 409);
  if (isVotingOpen(scheme, now)) return;
  const phase = schemePhase(scheme, now);
  if (phase === "upcoming" || phase === "collecting" || phase === "deliberating")
    throw new DomainError("voting:errors.notOpenYet", 409, { at: scheme.votingOpensAt.toISOString() });
  throw new DomainError("voting:errors.closed", 409, { at: scheme.votingClosesAt.toISOString() });
}

export interface CastBallotInput {
  voter: { id: string; pseudonymSeed: string | null };
  /** As `listActiveRoles` returns them (the residence's grid names where the event happened). */
  voterRoles: ReadonlyArray<ScopedRole & { areaId: number; gridId: number | null }>;
  schemeId: string;
  choices: ChoiceInput;
  now?: Date;
  /**
   * The scheme and the proposals on its ballot when the caller has just read them (the vote page reads
   * them with the voter's roles in one round trip, `getBallotContext`); read here otherwise.
   */
  loaded?: { scheme: VotingScheme; onBallot: readonly BallotProposal[] };
}

/*
 * The roll entry and the ballot are written by every cast, so their statements are built once (with
 * placeholders) and run in each cast's transaction as named statements: drizzle does not rebuild them
 * per cast, and PostgreSQL plans them once per connection (drizzle asks postgres.js for a server-side
 * prepared statement only for named queries). Same SQL as the query builder writes; the participation
 * event still goes through `recordParticipation`, the ledger's one way in.
 */
let castStatements: { roll: Query; ballot: Query } | undefined;

function buildCastStatements() {
  const roll = db
    .insert(ballotVoters)
    .values({
      schemeId: sql.placeholder("schemeId"),
      userId: sql.placeholder("userId"),
      channel: "web",
      firstCastAt: sql.placeholder("now"),
    })
    .onConflictDoNothing()
    .returning({ userId: ballotVoters.userId })
    .toSQL();
  const ballot = db
    .insert(ballots)
    .values({
      schemeId: sql.placeholder("schemeId"),
      voterToken: sql.placeholder("token"),
      receiptHash: sql.placeholder("receiptHash"),
      choices: sql.placeholder("choices"),
      channel: "web",
    })
    .onConflictDoUpdate({
      target: [ballots.schemeId, ballots.voterToken],
      set: {
        receiptHash: sql`excluded.receipt_hash`,
        choices: sql`excluded.choices`,
        channel: sql`excluded.channel`,
      },
    })
    .toSQL();
  return { roll, ballot };
}

/** Rows of a statement run without result mapping: postgres.js gives an array, PGlite `{ rows }`. */
async function runNamed(tx: Tx, name: string, query: Query, values: Record<string, unknown>) {
  const result = (await tx._.session.prepareQuery(query, undefined, name, false).execute(values)) as
    | unknown[]
    | { rows: unknown[] };
  return Array.isArray(result) ? result : result.rows;
}

/**
 * A resident casts (or changes) their ballot. One transaction: the roll (`ballot_voters`, primary key
 * scheme + person: the database's guarantee of one ballot each), the ballot itself under the voter's
 * keyed token (no user id, no time), and the participation event on the first cast only. Each cast
 * makes a new receipt code; only its hash is stored, so the previous receipt stops matching.
 */
export async function castBallot({
  voter,
  voterRoles,
  schemeId,
  choices,
  now = new Date(),
  loaded,
}: CastBallotInput) {
  if (loaded && (loaded.scheme.id !== schemeId || loaded.scheme.status === "draft"))
    throw new DomainError("voting:errors.schemeNotFound", 404);
  const scheme = loaded?.scheme ?? (await requireVotingScheme(schemeId));
  const permission = canParticipate(voterRoles, scheme.areaPath);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (scheme.votingMethod === "council") throw new DomainError("voting:errors.councilOnly", 409);
  assertVotingOpen(scheme, now);
  const onBallot = loaded?.onBallot ?? (await listBallotProposals(scheme.id));
  const stored = checkChoices(
    scheme,
    onBallot.filter((p) => p.status === "eligible"),
    choices,
  );
  const residence = voterRoles.find((r) => r.role === "resident" && r.areaPath.startsWith(scheme.areaPath))!;
  const key = await ballotKey();
  const token = voterToken(key, scheme.id, voter.id);
  const receipt = newReceiptCode();

  castStatements ??= buildCastStatements();
  const statements = castStatements;
  try {
    const first = await db.transaction(async (tx) => {
      const inserted = await runNamed(tx, "kapok_cast_roll", statements.roll, {
        schemeId: scheme.id,
        userId: voter.id,
        now,
      });
      const isFirst = inserted.length > 0;
      if (!isFirst) {
        // Waits for (and so serialises behind) any other cast by the same person.
        await tx
          .update(ballotVoters)
          .set({ changedAt: now })
          .where(and(eq(ballotVoters.schemeId, scheme.id), eq(ballotVoters.userId, voter.id)));
      }
      await runNamed(tx, "kapok_cast_ballot", statements.ballot, {
        schemeId: scheme.id,
        token,
        receiptHash: receiptHash(receipt),
        choices: stored,
      });
      if (isFirst) {
        await recordParticipation(tx, {
          kind: "ballot.cast",
          actor: voter,
          areaId: residence.gridId ?? residence.areaId,
          subjectType: "scheme",
          subjectId: scheme.id,
          channel: "web",
          meta: { method: scheme.votingMethod },
        });
      }
      return isFirst;
    });
    return { receiptCode: receipt, first, choices: stored };
  } catch (error) {
    // Two receipt codes colliding (1 in 2⁵⁰) is the only unique violation left: ask to press again.
    if (isUniqueViolation(error)) throw new DomainError("voting:errors.tryAgain", 409);
    throw error;
  }
}
