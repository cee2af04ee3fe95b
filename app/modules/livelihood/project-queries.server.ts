import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { organisations } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  livelihoodProjects,
  livelihoodSchemes,
  projectEvaluations,
  projectMilestones,
  projectUpdates,
  proposals,
} from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canManageScheme } from "./permissions";
import { canManageProject } from "./project-rules";
import type { ProjectFilter } from "./project-schemas";
import { emptyCounts, satisfactionResult, type SatisfactionRating } from "./satisfaction";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const projectsPageSize = 20;

const community = alias(areas, "community");
const schemeArea = alias(areas, "scheme_area");

/** What the project use-cases need: the project, and the paths that decide who manages it. */
export async function findProjectContext(projectId: string) {
  if (!uuidPattern.test(projectId)) return null;
  const [row] = await db
    .select({
      project: livelihoodProjects,
      title: proposals.title,
      schemeAreaId: livelihoodSchemes.areaId,
      schemeAreaPath: schemeArea.path,
      communityPath: community.path,
    })
    .from(livelihoodProjects)
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, livelihoodProjects.schemeId))
    .innerJoin(schemeArea, eq(schemeArea.id, livelihoodSchemes.areaId))
    .innerJoin(community, eq(community.id, livelihoodProjects.areaId))
    .where(eq(livelihoodProjects.id, projectId));
  return row ?? null;
}
export type ProjectContext = NonNullable<Awaited<ReturnType<typeof findProjectContext>>>;

/**
 * The project, if the actor may deliver it (whoever runs the scheme, or the committee of the project's
 * community); refuses a forged id with 404 and anyone else with 403.
 */
export async function findManagedProject(projectId: string, roles: readonly ScopedRole[]) {
  const context = await findProjectContext(projectId);
  if (!context) throw new DomainError("projects:errors.projectNotFound", 404);
  if (!canManageProject(roles, context)) throw new DomainError("projects:errors.notManager", 403);
  return context;
}

/** How the actor appears on updates: as the committee, or as an official of the scheme's area. */
export function actorLabel(roles: readonly ScopedRole[], context: ProjectContext): "committee" | "official" {
  return canManageScheme(roles, context.schemeAreaPath).allowed &&
    !roles.some((r) => r.role === "committee_member" && r.areaPath === context.communityPath)
    ? "official"
    : "committee";
}

/** Counts of each rating and the result by the majority rule. */
export async function projectSatisfaction(projectId: string) {
  const rows = await db
    .select({ rating: projectEvaluations.rating, n: count() })
    .from(projectEvaluations)
    .where(eq(projectEvaluations.projectId, projectId))
    .groupBy(projectEvaluations.rating);
  const counts = emptyCounts();
  for (const r of rows) counts[r.rating] = r.n;
  return satisfactionResult(counts);
}

/** Everything the public project page shows. */
export async function getProjectPage(projectId: string, viewerId: string | null) {
  const context = await findProjectContext(projectId);
  if (!context) return null;
  const [details] = await db
    .select({
      proposalId: proposals.id,
      costMinor:
        sql<number>`coalesce(${proposals.revisedCostMinor}, ${proposals.estimatedCostMinor})`.mapWith(Number),
      schemeId: livelihoodSchemes.id,
      schemeTitle: livelihoodSchemes.title,
      community: { nameZhCn: community.nameZhCn, nameZhHk: community.nameZhHk, nameEn: community.nameEn },
      organisation: { name: organisations.name, nameEn: organisations.nameEn },
    })
    .from(livelihoodProjects)
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, livelihoodProjects.schemeId))
    .innerJoin(community, eq(community.id, livelihoodProjects.areaId))
    .leftJoin(organisations, eq(organisations.id, livelihoodProjects.responsibleOrganisationId))
    .where(eq(livelihoodProjects.id, projectId));
  const milestones = await db
    .select()
    .from(projectMilestones)
    .where(eq(projectMilestones.projectId, projectId))
    .orderBy(asc(projectMilestones.dueOn), asc(projectMilestones.createdAt));
  const updates = await db
    .select({
      id: projectUpdates.id,
      authorLabel: projectUpdates.authorLabel,
      body: projectUpdates.body,
      progressPercent: projectUpdates.progressPercent,
      track: projectUpdates.track,
      createdAt: projectUpdates.createdAt,
    })
    .from(projectUpdates)
    .where(eq(projectUpdates.projectId, projectId))
    .orderBy(desc(projectUpdates.createdAt), desc(projectUpdates.id));
  let myRating: { rating: SatisfactionRating; comment: string | null } | null = null;
  if (viewerId) {
    const [mine] = await db
      .select({ rating: projectEvaluations.rating, comment: projectEvaluations.comment })
      .from(projectEvaluations)
      .where(and(eq(projectEvaluations.projectId, projectId), eq(projectEvaluations.userId, viewerId)));
    myRating = mine ?? null;
  }
  return {
    context,
    details: details!,
    milestones,
    updates,
    satisfaction: await projectSatisfaction(projectId),
    myRating,
  };
}

/** Verified NGOs that may be named as the delivering organisation (in or above nothing: all verified). */
export async function listVerifiedNgos() {
  return db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .where(and(eq(organisations.kind, "ngo"), eq(organisations.status, "verified")))
    .orderBy(asc(organisations.name));
}

function filterWhere(filter: ProjectFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.scheme) conditions.push(eq(livelihoodProjects.schemeId, filter.scheme));
  if (filter.status) conditions.push(eq(livelihoodProjects.status, filter.status));
  if (filter.track) conditions.push(eq(livelihoodProjects.track, filter.track));
  if (filter.area) {
    const pattern = `%${filter.area.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(community.nameZhCn, pattern),
        ilike(community.nameZhHk, pattern),
        ilike(community.nameEn, pattern),
        ilike(community.code, pattern),
        ilike(schemeArea.nameZhCn, pattern),
        ilike(schemeArea.nameZhHk, pattern),
        ilike(schemeArea.nameEn, pattern),
      )!,
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

function listQuery(filter: ProjectFilter) {
  const order =
    filter.sort === "title"
      ? [asc(proposals.title), asc(livelihoodProjects.id)]
      : filter.sort === "progress"
        ? [desc(livelihoodProjects.progressPercent), asc(livelihoodProjects.id)]
        : [desc(livelihoodProjects.createdAt), asc(livelihoodProjects.id)];
  return db
    .select({
      id: livelihoodProjects.id,
      title: proposals.title,
      schemeId: livelihoodSchemes.id,
      schemeTitle: livelihoodSchemes.title,
      status: livelihoodProjects.status,
      track: livelihoodProjects.track,
      progressPercent: livelihoodProjects.progressPercent,
      costMinor:
        sql<number>`coalesce(${proposals.revisedCostMinor}, ${proposals.estimatedCostMinor})`.mapWith(Number),
      responsibleKind: livelihoodProjects.responsibleKind,
      responsibleName: livelihoodProjects.responsibleName,
      acceptedAt: livelihoodProjects.acceptedAt,
      createdAt: livelihoodProjects.createdAt,
      community: {
        code: community.code,
        nameZhCn: community.nameZhCn,
        nameZhHk: community.nameZhHk,
        nameEn: community.nameEn,
      },
    })
    .from(livelihoodProjects)
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, livelihoodProjects.schemeId))
    .innerJoin(schemeArea, eq(schemeArea.id, livelihoodSchemes.areaId))
    .innerJoin(community, eq(community.id, livelihoodProjects.areaId))
    .where(filterWhere(filter))
    .orderBy(...order);
}

/** One page of the public projects list, with the total for paging. */
export async function listProjects(filter: ProjectFilter) {
  const [total] = await db
    .select({ n: count() })
    .from(livelihoodProjects)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, livelihoodProjects.schemeId))
    .innerJoin(schemeArea, eq(schemeArea.id, livelihoodSchemes.areaId))
    .innerJoin(community, eq(community.id, livelihoodProjects.areaId))
    .where(filterWhere(filter));
  const rows = await listQuery(filter)
    .limit(projectsPageSize)
    .offset((filter.page - 1) * projectsPageSize);
  return { rows, total: total?.n ?? 0 };
}

/** Every project matching the filter (CSV export), capped to keep one request bounded. */
export async function listProjectsForExport(filter: ProjectFilter) {
  return listQuery(filter).limit(10_000);
}

/** Schemes that have projects, for the list's scheme filter. */
export async function listSchemesWithProjects() {
  return db
    .selectDistinct({ id: livelihoodSchemes.id, title: livelihoodSchemes.title })
    .from(livelihoodSchemes)
    .innerJoin(livelihoodProjects, eq(livelihoodProjects.schemeId, livelihoodSchemes.id))
    .orderBy(asc(livelihoodSchemes.title));
}

/** The CSV export is for officials: someone who manages at least one scheme's area. */
export async function canExportProjects(roles: readonly ScopedRole[]): Promise<boolean> {
  if (roles.length === 0) return false;
  const paths = await db
    .selectDistinct({ path: areas.path })
    .from(livelihoodSchemes)
    .innerJoin(areas, eq(areas.id, livelihoodSchemes.areaId));
  return paths.some((p) => canManageScheme(roles, p.path).allowed);
}
