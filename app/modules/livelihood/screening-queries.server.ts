import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposalSupports, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canScreenProposal } from "./permissions";
import { isUuid } from "./scheme-queries.server";

const schemeArea = alias(areas, "scheme_area");
const community = alias(areas, "community");

/** A proposal with what screening needs to judge it: its scheme's caps and both area paths. */
export async function getProposalForScreening(proposalId: string) {
  if (!isUuid(proposalId)) return null;
  const [row] = await db
    .select({
      proposal: proposals,
      scheme: {
        id: livelihoodSchemes.id,
        status: livelihoodSchemes.status,
        budgetMinor: livelihoodSchemes.budgetMinor,
        capServiceMinor: livelihoodSchemes.capServiceMinor,
        capGoodsMinor: livelihoodSchemes.capGoodsMinor,
        capWorksMinor: livelihoodSchemes.capWorksMinor,
      },
      schemeAreaPath: schemeArea.path,
      communityPath: community.path,
    })
    .from(proposals)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, proposals.schemeId))
    .innerJoin(schemeArea, eq(schemeArea.id, livelihoodSchemes.areaId))
    .innerJoin(community, eq(community.id, proposals.communityId))
    .where(eq(proposals.id, proposalId));
  return row ?? null;
}

/**
 * The proposals of a scheme waiting for screening that this person may screen, oldest first, with
 * the proposals they could be merged into (the scheme's other proposals still in the running).
 */
export async function listScreeningQueue(
  schemeId: string,
  schemeAreaPath: string,
  roles: readonly ScopedRole[],
) {
  const rows = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      body: proposals.body,
      category: proposals.category,
      type: proposals.type,
      estimatedCostMinor: proposals.estimatedCostMinor,
      revisedCostMinor: proposals.revisedCostMinor,
      address: proposals.address,
      publishedAt: proposals.publishedAt,
      communityPath: community.path,
      community: { nameZhCn: community.nameZhCn, nameZhHk: community.nameZhHk, nameEn: community.nameEn },
      supports: sql<number>`(select count(*)::int from ${proposalSupports} where ${proposalSupports.proposalId} = ${proposals.id})`,
    })
    .from(proposals)
    .innerJoin(community, eq(community.id, proposals.communityId))
    .where(and(eq(proposals.schemeId, schemeId), eq(proposals.status, "screening")))
    .orderBy(asc(proposals.publishedAt), asc(proposals.id));
  const queue = rows.filter(
    (r) => canScreenProposal(roles, { schemeAreaPath, communityPath: r.communityPath }).allowed,
  );
  const mergeTargets = await db
    .select({ id: proposals.id, title: proposals.title, status: proposals.status })
    .from(proposals)
    .where(and(eq(proposals.schemeId, schemeId), inArray(proposals.status, ["screening", "eligible"])))
    .orderBy(asc(proposals.title), asc(proposals.id));
  return { queue, mergeTargets };
}

/** How many proposals of the scheme wait for screening (all communities). */
export async function countScreeningWaiting(schemeId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(proposals)
    .where(and(eq(proposals.schemeId, schemeId), eq(proposals.status, "screening")));
  return row?.n ?? 0;
}
