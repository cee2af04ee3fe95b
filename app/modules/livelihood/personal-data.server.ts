import { asc, eq } from "drizzle-orm";
import {
  livelihoodProjects,
  livelihoodSchemes,
  projectEvaluations,
  proposalCoproposers,
  proposalSupports,
  proposals,
} from "~db/schema/livelihood";
import { ballotVoters } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's own livelihood data for "Download my data" (PIPL Art. 45): proposals they wrote or
 * co-proposed, their supports, the voter roll entries showing that (and when) they voted, and their
 * satisfaction ratings. Ballot contents are never included: ballots hold no voter id and are not
 * joined back to anyone (the receipt code is shown once and only its hash is kept, on the ballot).
 * Who screened or answered a proposal is left out; the official response itself is the person's to see.
 */
export async function personalData(userId: string) {
  const authored = await db
    .select({
      id: proposals.id,
      schemeId: proposals.schemeId,
      schemeTitle: livelihoodSchemes.title,
      title: proposals.title,
      body: proposals.body,
      category: proposals.category,
      type: proposals.type,
      estimatedCostMinor: proposals.estimatedCostMinor,
      address: proposals.address,
      status: proposals.status,
      createdAt: proposals.createdAt,
      updatedAt: proposals.updatedAt,
      publishedAt: proposals.publishedAt,
      officialResponse: proposals.officialResponse,
      respondedAt: proposals.respondedAt,
    })
    .from(proposals)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, proposals.schemeId))
    .where(eq(proposals.authorId, userId))
    .orderBy(asc(proposals.createdAt));

  const coProposed = await db
    .select({
      proposalId: proposalCoproposers.proposalId,
      title: proposals.title,
      addedAt: proposalCoproposers.addedAt,
    })
    .from(proposalCoproposers)
    .innerJoin(proposals, eq(proposals.id, proposalCoproposers.proposalId))
    .where(eq(proposalCoproposers.userId, userId))
    .orderBy(asc(proposalCoproposers.addedAt));

  const supports = await db
    .select({
      proposalId: proposalSupports.proposalId,
      title: proposals.title,
      supportedAt: proposalSupports.createdAt,
    })
    .from(proposalSupports)
    .innerJoin(proposals, eq(proposals.id, proposalSupports.proposalId))
    .where(eq(proposalSupports.userId, userId))
    .orderBy(asc(proposalSupports.createdAt));

  // The roll only: that the person voted in a scheme, how and when. Never what they chose.
  const voted = await db
    .select({
      schemeId: ballotVoters.schemeId,
      schemeTitle: livelihoodSchemes.title,
      channel: ballotVoters.channel,
      firstCastAt: ballotVoters.firstCastAt,
      changedAt: ballotVoters.changedAt,
    })
    .from(ballotVoters)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, ballotVoters.schemeId))
    .where(eq(ballotVoters.userId, userId))
    .orderBy(asc(ballotVoters.firstCastAt));

  const ratings = await db
    .select({
      projectId: projectEvaluations.projectId,
      proposalTitle: proposals.title,
      rating: projectEvaluations.rating,
      comment: projectEvaluations.comment,
      createdAt: projectEvaluations.createdAt,
      updatedAt: projectEvaluations.updatedAt,
    })
    .from(projectEvaluations)
    .innerJoin(livelihoodProjects, eq(livelihoodProjects.id, projectEvaluations.projectId))
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .where(eq(projectEvaluations.userId, userId))
    .orderBy(asc(projectEvaluations.createdAt));

  return {
    proposals: authored.map(isoDates),
    coProposed: coProposed.map(isoDates),
    supports: supports.map(isoDates),
    votes: voted.map(isoDates),
    projectRatings: ratings.map(isoDates),
  };
}
