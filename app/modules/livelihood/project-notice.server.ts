import { and, asc, eq } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { livelihoodProjects, livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { voteResults } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import type { NoticeSubject } from "~/modules/notices/notice-subject";
import { canManageScheme } from "./permissions";
import { isNoticeOpen } from "./scheme-phase";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Votes per proposal from the stored count, read loosely (rows: [{ proposalId, votes }]). */
export function votesFromResult(result: unknown): Map<string, number> {
  const votes = new Map<string, number>();
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (!Array.isArray(rows)) return votes;
  for (const row of rows) {
    const r = row as { proposalId?: unknown; votes?: unknown };
    if (typeof r.proposalId === "string" && typeof r.votes === "number") votes.set(r.proposalId, r.votes);
  }
  return votes;
}

/**
 * The public notice of a scheme's results: the scheme's clock, the selected proposals with their cost,
 * votes and (once confirmed) project. Null when the scheme does not exist or has no published results.
 */
export async function getSchemeNotice(schemeId: string) {
  if (!uuidPattern.test(schemeId)) return null;
  const [found] = await db
    .select({
      scheme: livelihoodSchemes,
      area: { path: areas.path, nameZhCn: areas.nameZhCn, nameZhHk: areas.nameZhHk, nameEn: areas.nameEn },
    })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, schemeId));
  if (!found || found.scheme.status !== "published" || !found.scheme.resultsPublishedAt) return null;
  const selected = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      estimatedCostMinor: proposals.estimatedCostMinor,
      revisedCostMinor: proposals.revisedCostMinor,
      community: { nameZhCn: areas.nameZhCn, nameZhHk: areas.nameZhHk, nameEn: areas.nameEn },
      projectId: livelihoodProjects.id,
    })
    .from(proposals)
    .innerJoin(areas, eq(areas.id, proposals.communityId))
    .leftJoin(livelihoodProjects, eq(livelihoodProjects.proposalId, proposals.id))
    .where(and(eq(proposals.schemeId, schemeId), eq(proposals.status, "selected")))
    .orderBy(asc(proposals.title));
  const [stored] = await db
    .select({ result: voteResults.result })
    .from(voteResults)
    .where(eq(voteResults.schemeId, schemeId));
  const votes = votesFromResult(stored?.result ?? null);
  return {
    scheme: found.scheme,
    area: found.area,
    selected: selected
      .map((p) => ({
        id: p.id,
        title: p.title,
        costMinor: p.revisedCostMinor ?? p.estimatedCostMinor,
        community: p.community,
        projectId: p.projectId,
        votes: votes.get(p.id) ?? null,
      }))
      .sort((a, b) => (b.votes ?? -1) - (a.votes ?? -1)),
  };
}

/**
 * A scheme's results as a subject under public notice, for the objection use-cases: open while the
 * published scheme's notice runs; answered by whoever runs the scheme. Null when there is no such scheme.
 */
export async function schemeNoticeSubject(schemeId: string): Promise<NoticeSubject | null> {
  if (!uuidPattern.test(schemeId)) return null;
  const [found] = await db
    .select({ scheme: livelihoodSchemes, areaPath: areas.path })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId))
    .where(eq(livelihoodSchemes.id, schemeId));
  if (!found) return null;
  const { scheme, areaPath } = found;
  return {
    type: "scheme",
    id: scheme.id,
    areaId: scheme.areaId,
    noticeEndsAt: scheme.noticeEndsAt,
    isOpen: (now) => scheme.status === "published" && isNoticeOpen(scheme, now),
    canAnswer: (roles) => canManageScheme(roles, areaPath).allowed,
  };
}
