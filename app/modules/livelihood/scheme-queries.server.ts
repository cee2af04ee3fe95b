import { and, asc, desc, eq, gt, ilike, isNotNull, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposalSupports, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canManageScheme } from "./permissions";
import type { ProposalStatus } from "./proposal-status";
import type { SchemePhase } from "./scheme-phase";
import { pageSize } from "./scheme-schemas";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a URL segment can be an id at all (a forged "abc" is a 404, not a database error). */
export function isUuid(value: string | undefined | null): value is string {
  return !!value && uuidPattern.test(value);
}

const areaColumns = {
  id: areas.id,
  code: areas.code,
  path: areas.path,
  level: areas.level,
  nameZhCn: areas.nameZhCn,
  nameZhHk: areas.nameZhHk,
  nameEn: areas.nameEn,
};

/** One scheme with its area, or null. */
export async function getScheme(id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ scheme: livelihoodSchemes, area: areaColumns })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, id));
  return row ?? null;
}

export type SchemeWithArea = NonNullable<Awaited<ReturnType<typeof getScheme>>>;

/** The SQL form of `schemePhase` for published schemes, so the list filters in the database. */
function phaseCondition(phase: SchemePhase, now: Date): SQL | undefined {
  const s = livelihoodSchemes;
  const open = and(eq(s.status, "published"), isNull(s.confirmedAt), isNull(s.resultsPublishedAt));
  switch (phase) {
    case "draft":
      return eq(s.status, "draft");
    case "cancelled":
      return eq(s.status, "cancelled");
    case "implementing":
      return and(eq(s.status, "published"), isNotNull(s.confirmedAt));
    case "notice":
      return and(eq(s.status, "published"), isNull(s.confirmedAt), isNotNull(s.resultsPublishedAt));
    case "upcoming":
      return and(open, gt(s.collectionOpensAt, now));
    case "collecting":
      return and(open, lte(s.collectionOpensAt, now), gt(s.collectionClosesAt, now));
    case "deliberating":
      return and(open, lte(s.collectionClosesAt, now), gt(s.votingOpensAt, now));
    case "voting":
      return and(open, lte(s.votingOpensAt, now), gt(s.votingClosesAt, now));
    case "counting":
      return and(open, lte(s.votingClosesAt, now));
  }
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The public list: published and cancelled schemes (drafts are listed to their managers apart). */
export async function listSchemes({
  phase,
  q,
  sort,
  page,
  now = new Date(),
}: {
  phase?: SchemePhase | null;
  q?: string | null;
  sort: "newest" | "budget";
  page: number;
  now?: Date;
}) {
  const conditions: (SQL | undefined)[] = [ne(livelihoodSchemes.status, "draft")];
  if (phase && phase !== "draft") conditions.push(phaseCondition(phase, now));
  const text = q?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    conditions.push(
      or(
        ilike(areas.nameZhCn, pattern),
        ilike(areas.nameZhHk, pattern),
        ilike(areas.nameEn, pattern),
        ilike(areas.searchKey, pattern),
        ilike(livelihoodSchemes.title, pattern),
      ),
    );
  }
  const order =
    sort === "budget"
      ? [desc(livelihoodSchemes.budgetMinor), desc(livelihoodSchemes.createdAt)]
      : [desc(livelihoodSchemes.publishedAt), desc(livelihoodSchemes.createdAt)];
  const rows = await db
    .select({ scheme: livelihoodSchemes, area: areaColumns })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(and(...conditions))
    .orderBy(...order, asc(livelihoodSchemes.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** Draft schemes this person may manage, newest first (shown to them above the public list). */
export async function listManageableDrafts(roles: readonly ScopedRole[]) {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ scheme: livelihoodSchemes, area: areaColumns })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.status, "draft"))
    .orderBy(desc(livelihoodSchemes.createdAt))
    .limit(200);
  return rows.filter((r) => canManageScheme(roles, r.area.path).allowed);
}

const supportCount = sql<number>`(select count(*)::int from ${proposalSupports} where ${proposalSupports.proposalId} = ${proposals.id})`;

const community = alias(areas, "community");

/** Public proposals of a scheme (never drafts), filtered, sorted and paged. */
export async function listSchemeProposals(
  schemeId: string,
  {
    status,
    category,
    communityId,
    sort,
    page,
  }: {
    status?: ProposalStatus | null;
    category?: string | null;
    communityId?: number | null;
    sort: "supported" | "newest" | "cost";
    page: number;
  },
) {
  const conditions: (SQL | undefined)[] = [eq(proposals.schemeId, schemeId), ne(proposals.status, "draft")];
  if (status && status !== "draft") conditions.push(eq(proposals.status, status));
  if (category) conditions.push(eq(proposals.category, category));
  if (communityId) conditions.push(eq(proposals.communityId, communityId));
  const cost = sql<number>`coalesce(${proposals.revisedCostMinor}, ${proposals.estimatedCostMinor})`;
  const order =
    sort === "cost"
      ? [desc(cost)]
      : sort === "newest"
        ? [desc(proposals.publishedAt)]
        : [desc(supportCount), desc(proposals.publishedAt)];
  const rows = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      status: proposals.status,
      category: proposals.category,
      type: proposals.type,
      estimatedCostMinor: proposals.estimatedCostMinor,
      revisedCostMinor: proposals.revisedCostMinor,
      publishedAt: proposals.publishedAt,
      supports: supportCount,
      community: {
        id: community.id,
        nameZhCn: community.nameZhCn,
        nameZhHk: community.nameZhHk,
        nameEn: community.nameEn,
      },
    })
    .from(proposals)
    .innerJoin(community, eq(community.id, proposals.communityId))
    .where(and(...conditions))
    .orderBy(...order, asc(proposals.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** The communities that have public proposals in the scheme (the community filter's options). */
export async function listProposalCommunities(schemeId: string) {
  return db
    .selectDistinct({
      id: community.id,
      nameZhCn: community.nameZhCn,
      nameZhHk: community.nameZhHk,
      nameEn: community.nameEn,
    })
    .from(proposals)
    .innerJoin(community, eq(community.id, proposals.communityId))
    .where(and(eq(proposals.schemeId, schemeId), ne(proposals.status, "draft")))
    .orderBy(asc(community.id));
}

/** Every proposal of a scheme except drafts, for the managers' CSV export. */
export async function listProposalsForExport(schemeId: string) {
  return db
    .select({
      id: proposals.id,
      title: proposals.title,
      status: proposals.status,
      category: proposals.category,
      type: proposals.type,
      estimatedCostMinor: proposals.estimatedCostMinor,
      revisedCostMinor: proposals.revisedCostMinor,
      costNote: proposals.costNote,
      screeningReason: proposals.screeningReason,
      mergedIntoId: proposals.mergedIntoId,
      createdAt: proposals.createdAt,
      publishedAt: proposals.publishedAt,
      supports: supportCount,
      community: {
        code: community.code,
        nameZhCn: community.nameZhCn,
        nameZhHk: community.nameZhHk,
        nameEn: community.nameEn,
      },
    })
    .from(proposals)
    .innerJoin(community, eq(community.id, proposals.communityId))
    .where(and(eq(proposals.schemeId, schemeId), ne(proposals.status, "draft")))
    .orderBy(asc(proposals.createdAt), asc(proposals.id));
}
