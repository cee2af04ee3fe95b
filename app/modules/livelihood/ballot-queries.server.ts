import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { ballots, ballotVoters, councilVotes, voteResults } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import type { VoteResult } from "~/modules/voting/vote-result";

/** A scheme with what voting needs: its clock, method, rule, money and area. Null when it does not exist. */
export async function getVotingScheme(schemeId: string, via: Queryable = db) {
  const [row] = await via
    .select({
      id: livelihoodSchemes.id,
      title: livelihoodSchemes.title,
      areaId: livelihoodSchemes.areaId,
      areaPath: areas.path,
      areaNameZhCn: areas.nameZhCn,
      areaNameZhHk: areas.nameZhHk,
      areaNameEn: areas.nameEn,
      status: livelihoodSchemes.status,
      budgetMinor: livelihoodSchemes.budgetMinor,
      votingMethod: livelihoodSchemes.votingMethod,
      countingRule: livelihoodSchemes.countingRule,
      maxChoices: livelihoodSchemes.maxChoices,
      councilSize: livelihoodSchemes.councilSize,
      noticeDays: livelihoodSchemes.noticeDays,
      collectionOpensAt: livelihoodSchemes.collectionOpensAt,
      collectionClosesAt: livelihoodSchemes.collectionClosesAt,
      votingOpensAt: livelihoodSchemes.votingOpensAt,
      votingClosesAt: livelihoodSchemes.votingClosesAt,
      resultsPublishedAt: livelihoodSchemes.resultsPublishedAt,
      noticeEndsAt: livelihoodSchemes.noticeEndsAt,
      confirmedAt: livelihoodSchemes.confirmedAt,
    })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, schemeId));
  return row ?? null;
}

export type VotingScheme = NonNullable<Awaited<ReturnType<typeof getVotingScheme>>>;

/** A uuid that can be looked up; anything else is simply "not found" (no 500 on a forged id). */
export function isUuid(value: string | undefined): value is string {
  return !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * The proposals on the ballot: eligible ones (and, once results are out, the selected and not selected
 * ones, which were eligible when the vote ran), numbered in order of publication.
 */
export async function listBallotProposals(schemeId: string, via: Queryable = db) {
  const rows = await via
    .select({
      id: proposals.id,
      title: proposals.title,
      category: proposals.category,
      type: proposals.type,
      status: proposals.status,
      estimatedCostMinor: proposals.estimatedCostMinor,
      revisedCostMinor: proposals.revisedCostMinor,
    })
    .from(proposals)
    .where(
      and(
        eq(proposals.schemeId, schemeId),
        inArray(proposals.status, ["eligible", "selected", "not_selected"]),
      ),
    )
    .orderBy(
      asc(sql`coalesce(${proposals.publishedAt}, ${proposals.createdAt})`),
      asc(proposals.createdAt),
      asc(proposals.id),
    );
  return rows.map((r, index) => ({
    ...r,
    number: index + 1,
    /** What counting uses: the revised cost when the review set one. */
    cost: r.revisedCostMinor ?? r.estimatedCostMinor,
  }));
}

export type BallotProposal = Awaited<ReturnType<typeof listBallotProposals>>[number];

/** The ballot stored under this token, or null. */
export async function findBallot(schemeId: string, token: string, via: Queryable = db) {
  const [row] = await via
    .select({ id: ballots.id, choices: ballots.choices, channel: ballots.channel })
    .from(ballots)
    .where(and(eq(ballots.schemeId, schemeId), eq(ballots.voterToken, token)));
  return row ?? null;
}

/** Whether the person is on the roll, and when they last changed their ballot. */
export async function findRollEntry(schemeId: string, userId: string) {
  const [row] = await db
    .select({ firstCastAt: ballotVoters.firstCastAt, changedAt: ballotVoters.changedAt })
    .from(ballotVoters)
    .where(and(eq(ballotVoters.schemeId, schemeId), eq(ballotVoters.userId, userId)));
  return row ?? null;
}

/** What every ballot of a scheme says (no token, no receipt): the input of a count or an export. */
export async function listBallotChoices(schemeId: string, via: Queryable = db) {
  const rows = await via
    .select({ choices: ballots.choices })
    .from(ballots)
    .where(eq(ballots.schemeId, schemeId));
  return rows.map((r) => r.choices);
}

/** Ballots in the box, per channel. */
export async function countBallots(schemeId: string, via: Queryable = db) {
  const rows = await via
    .select({ channel: ballots.channel, n: sql<number>`count(*)::int` })
    .from(ballots)
    .where(eq(ballots.schemeId, schemeId))
    .groupBy(ballots.channel);
  const of = (channel: string) => rows.find((r) => r.channel === channel)?.n ?? 0;
  const paper = of("paper");
  const online = of("web") + of("assisted");
  return { online, paper, total: online + paper };
}

export async function listCouncilVotes(schemeId: string, via: Queryable = db) {
  return via
    .select({
      proposalId: councilVotes.proposalId,
      members: councilVotes.members,
      present: councilVotes.present,
      yes: councilVotes.yes,
      no: councilVotes.no,
      abstain: councilVotes.abstain,
      recordedAt: councilVotes.recordedAt,
    })
    .from(councilVotes)
    .where(eq(councilVotes.schemeId, schemeId));
}

/** The stored count, or null before anyone counted. */
export async function getVoteResult(schemeId: string, via: Queryable = db) {
  const [row] = await via
    .select({
      countedAt: voteResults.countedAt,
      rule: voteResults.rule,
      ballotCount: voteResults.ballotCount,
      result: voteResults.result,
    })
    .from(voteResults)
    .where(eq(voteResults.schemeId, schemeId));
  return row ? { ...row, result: row.result as unknown as VoteResult } : null;
}
