import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { ballots, ballotVoters, councilVotes, voteResults } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import type { Role } from "~/modules/accounts/roles";
import type { VoteResult } from "~/modules/voting/vote-result";

export type { BallotChoices } from "~db/schema/voting";

/** The scheme columns voting needs: its clock, method, rule, money and area. */
const votingSchemeFields = {
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
};

/** A scheme with what voting needs: its clock, method, rule, money and area. Null when it does not exist. */
export async function getVotingScheme(schemeId: string, via: Queryable = db) {
  const [row] = await via
    .select(votingSchemeFields)
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
  return numberBallotProposals(rows);
}

type BallotProposalRow = {
  id: string;
  title: string;
  category: string;
  type: (typeof proposals.$inferSelect)["type"];
  status: (typeof proposals.$inferSelect)["status"];
  estimatedCostMinor: number;
  revisedCostMinor: number | null;
};

/** Ballot order is publication order: proposal 1 is the first published. */
function numberBallotProposals(rows: readonly BallotProposalRow[]) {
  return rows.map((r, index) => ({
    ...r,
    number: index + 1,
    /** What counting uses: the revised cost when the review set one. */
    cost: r.revisedCostMinor ?? r.estimatedCostMinor,
  }));
}

export type BallotProposal = ReturnType<typeof numberBallotProposals>[number];

/** A role of the voter, as much of it as voting needs (see `listActiveRoles` for the full one). */
export type VoterRole = { role: Role; areaId: number; areaPath: string; gridId: number | null };

/** JSON built by the database: postgres.js and PGlite both parse `json` already; this is a safety net. */
function fromJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/*
 * Casting a ballot is the hot path of a vote (every resident of a street, in the last evening), so what
 * it needs to read — the scheme, the voter's active roles and the proposals on the ballot — comes back
 * from ONE prepared statement instead of three queries: one round trip, planned once per connection
 * (drizzle only asks postgres.js for a server-side prepared statement when the query is named), and no
 * query building per request. The proposals and roles come back as JSON arrays built by correlated
 * subqueries, in the same order and with the same filters as `listBallotProposals` and
 * `listActiveRoles` (the tests compare them).
 */
function prepareBallotContext() {
  return db
    .select({
      ...votingSchemeFields,
      onBallot: sql<unknown>`(
        select coalesce(json_agg(json_build_object(
            'id', p.id, 'title', p.title, 'category', p.category, 'type', p.type, 'status', p.status,
            'estimatedCostMinor', p.estimated_cost_minor, 'revisedCostMinor', p.revised_cost_minor)
          order by coalesce(p.published_at, p.created_at), p.created_at, p.id), '[]'::json)
        from proposals p
        where p.scheme_id = ${livelihoodSchemes.id} and p.status in ('eligible', 'selected', 'not_selected'))`,
      voterRoles: sql<unknown>`(
        select coalesce(json_agg(json_build_object(
            'role', ra.role, 'areaId', ra.area_id, 'areaPath', ra_area.path, 'gridId', ra.grid_id)), '[]'::json)
        from role_assignments ra join areas ra_area on ra_area.id = ra.area_id
        where ra.user_id = ${sql.placeholder("userId")}::uuid and ra.revoked_at is null)`,
    })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, sql.placeholder("schemeId")))
    .prepare("kapok_ballot_context");
}

let ballotContextQuery: ReturnType<typeof prepareBallotContext> | undefined;

/**
 * The scheme (as `getVotingScheme`), the proposals on its ballot (as `listBallotProposals`) and the
 * person's active roles (none for a visitor), in one round trip. Null when the scheme does not exist.
 */
export async function getBallotContext(schemeId: string | undefined, userId: string | null) {
  if (!isUuid(schemeId)) return null;
  ballotContextQuery ??= prepareBallotContext();
  const [row] = await ballotContextQuery.execute({ schemeId, userId });
  if (!row) return null;
  const { onBallot, voterRoles, ...scheme } = row;
  return {
    scheme,
    onBallot: numberBallotProposals(fromJson<BallotProposalRow[]>(onBallot)),
    voterRoles: fromJson<VoterRole[]>(voterRoles),
  };
}

export type BallotContext = NonNullable<Awaited<ReturnType<typeof getBallotContext>>>;

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
