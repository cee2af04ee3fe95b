import { and, asc, count, desc, eq, inArray, like, ne, notInArray } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes, proposalCoproposers, proposals, proposalSupports } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { ProposalStatus } from "./proposal-status";
import type { SimilarCandidate } from "./similar-proposals";

const areaNames = { nameZhCn: areas.nameZhCn, nameZhHk: areas.nameZhHk, nameEn: areas.nameEn };

/** A scheme with its area, as proposing and supporting need it. */
export async function getSchemeForProposals(schemeId: string, q: Queryable = db) {
  if (!isUuid(schemeId)) return null;
  const [row] = await q
    .select({ scheme: livelihoodSchemes, areaPath: areas.path, area: areaNames })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, schemeId));
  return row ? { ...row.scheme, areaPath: row.areaPath, area: row.area } : null;
}
export type SchemeForProposals = NonNullable<Awaited<ReturnType<typeof getSchemeForProposals>>>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Forged ids in URLs are "not found", not a database error. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

export async function countSupports(proposalId: string, q: Queryable = db): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(proposalSupports)
    .where(eq(proposalSupports.proposalId, proposalId));
  return row?.n ?? 0;
}

/** A proposal with its scheme (and the scheme's area path) and its support count. */
export async function getProposalWithScheme(proposalId: string, q: Queryable = db) {
  if (!isUuid(proposalId)) return null;
  const [row] = await q.select().from(proposals).where(eq(proposals.id, proposalId));
  if (!row) return null;
  const scheme = await getSchemeForProposals(row.schemeId, q);
  if (!scheme) return null;
  return { proposal: row, scheme, supports: await countSupports(proposalId, q) };
}

/** Communities inside the scheme's area with their grids, to choose the proposal's place from. */
export async function listPlacesInArea(areaPath: string) {
  const rows = await db
    .select({ id: areas.id, parentId: areas.parentId, level: areas.level, ...areaNames })
    .from(areas)
    .where(and(like(areas.path, `${areaPath}%`), inArray(areas.level, ["community", "grid"])))
    .orderBy(asc(areas.code));
  const communities = rows.filter((r) => r.level === "community");
  return communities.map((c) => ({
    ...c,
    grids: rows.filter((g) => g.level === "grid" && g.parentId === c.id),
  }));
}

export async function getArea(id: number, q: Queryable = db) {
  const [row] = await q
    .select({ id: areas.id, parentId: areas.parentId, level: areas.level, path: areas.path, ...areaNames })
    .from(areas)
    .where(eq(areas.id, id));
  return row ?? null;
}

const hiddenFromSimilar: ProposalStatus[] = ["draft", "withdrawn"];

/** The scheme's public proposals, as candidates for "has someone proposed this already?". */
export async function listSimilarityCandidates(schemeId: string): Promise<SimilarCandidate[]> {
  return db
    .select({ id: proposals.id, title: proposals.title, body: proposals.body })
    .from(proposals)
    .where(and(eq(proposals.schemeId, schemeId), notInArray(proposals.status, hiddenFromSimilar)))
    .limit(2000);
}

export async function isSupporting(proposalId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: proposalSupports.userId })
    .from(proposalSupports)
    .where(and(eq(proposalSupports.proposalId, proposalId), eq(proposalSupports.userId, userId)));
  return !!row;
}

export async function listCoproposers(proposalId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email, phone: users.phone })
    .from(proposalCoproposers)
    .innerJoin(users, eq(users.id, proposalCoproposers.userId))
    .where(eq(proposalCoproposers.proposalId, proposalId))
    .orderBy(asc(proposalCoproposers.addedAt));
}

/** The person's own proposals (drafts included), newest first, with their scheme and support count. */
export async function listMyProposals(userId: string) {
  const rows = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      status: proposals.status,
      createdAt: proposals.createdAt,
      supportDeadline: proposals.supportDeadline,
      schemeId: livelihoodSchemes.id,
      schemeTitle: livelihoodSchemes.title,
      threshold: livelihoodSchemes.supportThreshold,
    })
    .from(proposals)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, proposals.schemeId))
    .where(eq(proposals.authorId, userId))
    .orderBy(desc(proposals.createdAt));
  if (rows.length === 0) return [];
  const counts = await db
    .select({ proposalId: proposalSupports.proposalId, n: count() })
    .from(proposalSupports)
    .where(
      inArray(
        proposalSupports.proposalId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(proposalSupports.proposalId);
  const byId = new Map(counts.map((c) => [c.proposalId, c.n]));
  return rows.map((r) => ({ ...r, supports: byId.get(r.id) ?? 0 }));
}

/** How many proposals (drafts included, withdrawn not) the person has in the scheme. */
export async function countActiveProposals(q: Queryable, schemeId: string, authorId: string) {
  const [row] = await q
    .select({ n: count() })
    .from(proposals)
    .where(
      and(
        eq(proposals.schemeId, schemeId),
        eq(proposals.authorId, authorId),
        ne(proposals.status, "withdrawn"),
      ),
    );
  return row?.n ?? 0;
}

/** A merged proposal's target, for the "merged into" link. */
export async function getProposalTitle(id: string) {
  const [row] = await db
    .select({ id: proposals.id, title: proposals.title, status: proposals.status })
    .from(proposals)
    .where(eq(proposals.id, id));
  return row ?? null;
}
