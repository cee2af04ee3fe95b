import type { BallotChoices } from "~db/schema/voting";
import { voteResults } from "~db/schema/voting";
import { eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { countApprovalTopK } from "~/modules/voting/approval-top-k";
import {
  countBallots,
  getVoteResult,
  getVotingScheme,
  isUuid,
  listBallotChoices,
  listBallotProposals,
  listCouncilVotes,
  type BallotProposal,
  type VotingScheme,
} from "./ballot-queries.server";
import type { BudgetInstance, TieNote } from "~/modules/voting/budget-instance";
import { countCouncilVote } from "~/modules/voting/council-vote";
import { countEqualShares } from "~/modules/voting/equal-shares";
import { countGreedy } from "~/modules/voting/greedy";
import { fenPerYuan } from "~/modules/voting/money";
import type { ResultRow, ResultStep, ResultTie, VoteResult, VoteRuleName } from "~/modules/voting/vote-result";
import { countYesNo, tallyYesNo } from "~/modules/voting/yes-no";

const yuan = (minor: number) => minor / fenPerYuan;

/** The counting instance of a budget vote: projects numbered 1..n (the tie-break's fixed order). */
export function budgetInstance(
  scheme: Pick<VotingScheme, "budgetMinor" | "maxChoices">,
  onBallot: readonly BallotProposal[],
  choices: readonly BallotChoices[],
): BudgetInstance {
  const numberOf = new Map(onBallot.map((p) => [p.id, String(p.number)]));
  return {
    projects: onBallot.map((p) => ({
      id: String(p.number),
      cost: p.cost,
      name: p.title,
      category: [p.category],
    })),
    budget: scheme.budgetMinor,
    ballotKind: "approval",
    moneyScale: fenPerYuan,
    ...(scheme.maxChoices ? { maxProjectsPerBallot: scheme.maxChoices } : {}),
    ballots: choices.map((c) => ({
      projects: c.kind === "select" ? c.proposalIds.flatMap((id) => numberOf.get(id) ?? []) : [],
    })),
  };
}

/** Loads everything a count needs. */
async function loadCount(scheme: VotingScheme, tx: Tx) {
  return {
    onBallot: await listBallotProposals(scheme.id, tx),
    choices: await listBallotChoices(scheme.id, tx),
    tally: await countBallots(scheme.id, tx),
    council: scheme.votingMethod === "council" ? await listCouncilVotes(scheme.id, tx) : [],
  };
}

/** Computes the result (pure apart from the council votes it is given). */
export function computeResult(
  scheme: Pick<VotingScheme, "votingMethod" | "countingRule" | "budgetMinor" | "maxChoices" | "councilSize">,
  onBallot: readonly BallotProposal[],
  choices: readonly BallotChoices[],
  tally: VoteResult["ballots"],
  council: ReadonlyArray<{
    proposalId: string;
    members: number;
    present: number;
    yes: number;
    no: number;
    abstain: number;
  }> = [],
): VoteResult {
  const byNumber = new Map(onBallot.map((p) => [String(p.number), p]));
  const title = (number: string) => byNumber.get(number)?.title ?? number;
  const ties: ResultTie[] = [];
  const noteTie = (number: string, tie: TieNote | undefined) => {
    if (!tie) return;
    ties.push({
      proposalId: byNumber.get(number)!.id,
      tiedWith: tie.tiedWith.map((n) => byNumber.get(n)!.id),
      decidedBy: tie.decidedBy,
    });
  };
  const votes = new Map<string, number>(onBallot.map((p) => [p.id, 0]));
  for (const c of choices) {
    if (c.kind !== "select") continue;
    for (const id of c.proposalIds) if (votes.has(id)) votes.set(id, votes.get(id)! + 1);
  }
  const steps: ResultStep[] = [];
  const base = {
    version: 1 as const,
    method: scheme.votingMethod,
    budget: scheme.budgetMinor,
    ballots: tally,
  };
  const orderRows = (
    selected: readonly string[],
    extra: (p: BallotProposal) => Partial<ResultRow> = () => ({}),
  ) => {
    const chosen = new Set(selected);
    const rest = onBallot
      .filter((p) => !chosen.has(p.id))
      .sort((a, b) => votes.get(b.id)! - votes.get(a.id)! || a.number - b.number);
    let spend = 0;
    const inOrder = [...selected.map((id) => onBallot.find((p) => p.id === id)!), ...rest];
    return inOrder.map((p): ResultRow => {
      const isSelected = chosen.has(p.id);
      if (isSelected) spend += p.cost;
      return {
        proposalId: p.id,
        number: p.number,
        title: p.title,
        cost: p.cost,
        votes: votes.get(p.id)!,
        selected: isSelected,
        cumulative: isSelected ? spend : null,
        ...extra(p),
      };
    });
  };
  const spendOf = (ids: readonly string[]) =>
    ids.reduce((sum, id) => sum + onBallot.find((p) => p.id === id)!.cost, 0);

  if (scheme.votingMethod === "budget") {
    const instance = budgetInstance(scheme, onBallot, choices);
    const rule = scheme.countingRule as VoteRuleName;
    let selectedNumbers: readonly string[];
    let equalShares: VoteResult["equalShares"] = null;
    if (scheme.countingRule === "equal-shares") {
      const outcome = countEqualShares(instance);
      selectedNumbers = outcome.selected;
      equalShares = {
        initialShare: outcome.completion.initialShare,
        finalShare: outcome.completion.finalShare,
        increments: outcome.completion.increments,
        stopReason: outcome.completion.stopReason,
      };
      if (outcome.completion.increments > 0)
        steps.push({
          key: "voting:steps.esCompletion",
          params: {
            initial: yuan(outcome.completion.initialShare).toFixed(2),
            final: yuan(outcome.completion.finalShare).toFixed(2),
            increments: outcome.completion.increments,
          },
        });
      for (const s of outcome.steps) {
        if (s.kind === "selected") {
          noteTie(s.projectId, s.tie);
          steps.push({
            key: "voting:steps.esSelected",
            params: {
              round: s.round,
              title: title(s.projectId),
              supporters: s.supporters,
              perVoter: yuan(s.pricePerVote).toFixed(2),
              cost: yuan(s.cost),
            },
          });
        } else if (s.kind === "unaffordable") {
          steps.push({
            key: "voting:steps.esUnaffordable",
            params: {
              round: s.round,
              title: title(s.projectId),
              money: yuan(s.supportersMoney).toFixed(2),
              cost: yuan(s.cost),
            },
          });
        } else {
          noteTie(s.projectId, s.tie);
          steps.push({
            key: "voting:steps.filled",
            params: {
              title: title(s.projectId),
              votes: s.support,
              cost: yuan(s.cost),
              left: yuan(s.remainingBefore),
            },
          });
        }
      }
    } else {
      const outcome = countGreedy(instance, { skip: scheme.countingRule !== "greedy-no-skip" });
      selectedNumbers = outcome.selected;
      for (const s of outcome.steps) {
        const params = { title: title(s.projectId), votes: s.support };
        if (s.kind === "ineligible") steps.push({ key: "voting:steps.noVotes", params });
        else if (s.kind === "notReached")
          steps.push({ key: "voting:steps.notReached", params: { ...params, cost: yuan(s.cost) } });
        else {
          noteTie(s.projectId, s.tie);
          const money = { ...params, cost: yuan(s.cost), left: yuan(s.remainingBefore) };
          if (s.kind === "selected") steps.push({ key: "voting:steps.selected", params: money });
          else if (s.kind === "skipped") steps.push({ key: "voting:steps.skipped", params: money });
          else steps.push({ key: "voting:steps.stopped", params: money });
        }
      }
    }
    const winners = selectedNumbers.map((n) => byNumber.get(n)!.id);
    return {
      ...base,
      rule,
      k: null,
      spend: spendOf(winners),
      rows: orderRows(winners),
      winners,
      steps,
      ties,
      equalShares,
    };
  }

  if (scheme.votingMethod === "approval") {
    const k = scheme.maxChoices ?? Math.max(1, onBallot.length);
    const numberOf = new Map(onBallot.map((p) => [p.id, String(p.number)]));
    const outcome = countApprovalTopK({
      projects: onBallot.map((p) => ({ id: String(p.number), cost: p.cost })),
      ballots: choices.flatMap((c) =>
        c.kind === "select" && c.proposalIds.length <= k
          ? [c.proposalIds.flatMap((id) => numberOf.get(id) ?? [])]
          : [],
      ),
      k,
    });
    for (const s of outcome.steps) {
      noteTie(s.projectId, s.tie);
      steps.push({
        key: s.selected ? "voting:steps.approvalChosen" : "voting:steps.approvalNotChosen",
        params: { rank: s.rank, title: title(s.projectId), votes: s.votes },
      });
    }
    const winners = outcome.selected.map((n) => byNumber.get(n)!.id);
    return {
      ...base,
      rule: "approval",
      k,
      spend: spendOf(winners),
      rows: orderRows(winners),
      winners,
      steps,
      ties,
      equalShares: null,
    };
  }

  if (scheme.votingMethod === "yes_no") {
    const tallies = new Map(
      onBallot.map((p) => [
        p.id,
        countYesNo(
          tallyYesNo(
            choices.flatMap((c) => (c.kind === "yes_no" && c.answers[p.id] ? [c.answers[p.id]!] : [])),
          ),
        ),
      ]),
    );
    for (const p of onBallot) {
      const r = tallies.get(p.id)!;
      votes.set(p.id, r.yes);
      steps.push({
        key: r.passed ? "voting:steps.yesNoPassed" : "voting:steps.yesNoFailed",
        params: { title: p.title, yes: r.yes, no: r.no, abstain: r.abstain },
      });
    }
    const winners = onBallot.filter((p) => tallies.get(p.id)!.passed).map((p) => p.id);
    const rows = orderRows(winners, (p) => {
      const r = tallies.get(p.id)!;
      return { yes: r.yes, no: r.no, abstain: r.abstain };
    });
    return {
      ...base,
      rule: "yes_no",
      k: null,
      spend: spendOf(winners),
      rows,
      winners,
      steps,
      ties,
      equalShares: null,
    };
  }

  // Council: the meeting's record for each proposal, entered by an official.
  const outcomes = new Map(
    council.map((c) => [
      c.proposalId,
      countCouncilVote({ members: c.members, present: c.present, yes: c.yes, no: c.no, abstain: c.abstain }),
    ]),
  );
  for (const p of onBallot) {
    const o = outcomes.get(p.id);
    votes.set(p.id, o?.yes ?? 0);
    if (!o) {
      steps.push({ key: "voting:steps.councilMissing", params: { title: p.title } });
      continue;
    }
    const key =
      o.reason === "passed"
        ? "voting:steps.councilPassed"
        : o.reason === "noQuorum"
          ? "voting:steps.councilNoQuorum"
          : "voting:steps.councilNoMajority";
    steps.push({
      key,
      params: {
        title: p.title,
        members: o.members,
        present: o.present,
        yes: o.yes,
        no: o.no,
        abstain: o.abstain,
        quorumNeeds: o.quorumNeeds,
        majorityNeeds: o.majorityNeeds,
      },
    });
  }
  const winners = onBallot.filter((p) => outcomes.get(p.id)?.passed).map((p) => p.id);
  const rows = orderRows(winners, (p) => {
    const o = outcomes.get(p.id);
    return {
      yes: o?.yes,
      no: o?.no,
      abstain: o?.abstain,
      council: o ? { members: o.members, present: o.present, quorum: o.quorum, reason: o.reason } : null,
    };
  });
  return {
    ...base,
    rule: "council",
    k: null,
    spend: spendOf(winners),
    rows,
    winners,
    steps,
    ties,
    equalShares: null,
  };
}

/**
 * Locks the scheme row against a concurrent count (FOR SHARE) or change of what is counted (FOR
 * UPDATE), and says whether its results are published. Paper ballots and council records entered
 * after the close take FOR UPDATE and drop a stored, unpublished count, so the count never misses them.
 */
export async function lockSchemeForCount(tx: Tx, schemeId: string, mode: "share" | "update") {
  const [row] = await tx
    .select({ resultsPublishedAt: livelihoodSchemes.resultsPublishedAt })
    .from(livelihoodSchemes)
    .where(eq(livelihoodSchemes.id, schemeId))
    .for(mode);
  return row ?? null;
}

/** Drops the stored count of a scheme whose results are not published (more ballots came in). */
export async function discardUnpublishedCount(tx: Tx, schemeId: string) {
  await tx.delete(voteResults).where(eq(voteResults.schemeId, schemeId));
}

/** The stored count, or a new one stored now; inside the caller's transaction (publishResults). */
export async function storedCount(tx: Tx, scheme: VotingScheme, now: Date) {
  await lockSchemeForCount(tx, scheme.id, "share");
  const existing = await getVoteResult(scheme.id, tx);
  if (existing) return existing;
  const { onBallot, choices, tally, council } = await loadCount(scheme, tx);
  const result = computeResult(scheme, onBallot, choices, tally, council);
  await tx
    .insert(voteResults)
    .values({
      schemeId: scheme.id,
      countedAt: now,
      rule: result.rule,
      ballotCount: tally.total,
      result: result as unknown as Record<string, unknown>,
    })
    .onConflictDoNothing();
  return (await getVoteResult(scheme.id, tx))!;
}

/**
 * Counts a closed vote, once: the count is stored (ON CONFLICT DO NOTHING: the first writer wins) and
 * later calls read it, so what the results page shows does not change under anyone's feet. Paper ballots
 * or council records entered after the close (allowed until publication) drop the unpublished count and
 * the next call counts again; once published, it is final. Before the close the count is refused:
 * nobody, officials included, sees a running tally.
 */
export async function countScheme(schemeId: string, now: Date = new Date()) {
  const scheme = isUuid(schemeId) ? await getVotingScheme(schemeId) : null;
  if (!scheme || scheme.status !== "published") throw new DomainError("voting:errors.schemeNotFound", 404);
  if (now.getTime() < scheme.votingClosesAt.getTime())
    throw new DomainError("voting:errors.notClosed", 409, { at: scheme.votingClosesAt.toISOString() });
  const existing = await getVoteResult(scheme.id);
  if (existing) return existing;
  return db.transaction((tx) => storedCount(tx, scheme, now));
}
