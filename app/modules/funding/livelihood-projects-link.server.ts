import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "~db/client";
import { areas } from "~db/schema/areas";
import { fundingCallProjects } from "~db/schema/funding";
import { livelihoodProjects, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { canCreateCall } from "./permissions";

/**
 * "Buy the service residents voted for": the funding feature's one-way read of adopted livelihood
 * projects. It reads the livelihood tables (db/schema) and never imports the livelihood feature, so the
 * two stay independent; writing back to a project (its implementing party) belongs to the awards side.
 *
 * A project can be bought through a call while it is being implemented (adopted after the vote and
 * its notice) and nobody has been made responsible for it yet.
 */

export type OfferableProject = {
  id: string;
  title: string;
  body: string;
  costMinor: number;
  areaId: number;
  areaPath: string;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
};

const projectColumns = {
  id: livelihoodProjects.id,
  title: proposals.title,
  body: proposals.body,
  costMinor: sql<number>`coalesce(${proposals.revisedCostMinor}, ${proposals.estimatedCostMinor})`.mapWith(
    Number,
  ),
  areaId: livelihoodProjects.areaId,
  areaPath: areas.path,
  nameZhCn: areas.nameZhCn,
  nameZhHk: areas.nameZhHk,
  nameEn: areas.nameEn,
};

const offerable = and(
  eq(livelihoodProjects.status, "implementing"),
  isNull(livelihoodProjects.responsibleKind),
);

/**
 * The projects among `projectIds` that the actor may buy through a call of `callAreaPath`: offerable,
 * inside that area, and inside one the actor creates calls for. Others are silently left out.
 */
export async function offerableProjects(
  actorRoles: readonly ScopedRole[],
  projectIds: readonly string[],
  callAreaPath?: string,
  tx: Tx | typeof db = db,
): Promise<OfferableProject[]> {
  if (projectIds.length === 0) return [];
  const rows = await tx
    .select(projectColumns)
    .from(livelihoodProjects)
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .innerJoin(areas, eq(areas.id, livelihoodProjects.areaId))
    .where(and(inArray(livelihoodProjects.id, [...projectIds]), offerable))
    .orderBy(asc(proposals.title));
  return rows.filter(
    (r) =>
      canCreateCall(actorRoles, r.areaPath).allowed &&
      (callAreaPath === undefined || r.areaPath.startsWith(callAreaPath)),
  );
}

/** Whether the actor may start a call to buy this project (the project page's link). */
export async function canBuyProject(actorRoles: readonly ScopedRole[], projectId: string): Promise<boolean> {
  return (await offerableProjects(actorRoles, [projectId])).length > 0;
}

/** Every offerable project inside the areas the actor creates calls for (the new-call page's choice). */
export async function offerableProjectsFor(actorRoles: readonly ScopedRole[]): Promise<OfferableProject[]> {
  const paths = [
    ...new Set(actorRoles.filter((r) => canCreateCall([r], r.areaPath).allowed).map((r) => r.areaPath)),
  ];
  if (paths.length === 0) return [];
  return db
    .select(projectColumns)
    .from(livelihoodProjects)
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .innerJoin(areas, eq(areas.id, livelihoodProjects.areaId))
    .where(and(offerable, or(...paths.map((p) => sql`${areas.path} like ${`${p}%`}`))))
    .orderBy(asc(proposals.title))
    .limit(100);
}

/** The projects a call was created from, for its page (links to /projects/<id>). */
export async function linkedProjects(callId: string) {
  return db
    .select({ id: livelihoodProjects.id, title: proposals.title })
    .from(fundingCallProjects)
    .innerJoin(livelihoodProjects, eq(livelihoodProjects.id, fundingCallProjects.projectId))
    .innerJoin(proposals, eq(proposals.id, livelihoodProjects.proposalId))
    .where(eq(fundingCallProjects.callId, callId))
    .orderBy(asc(proposals.title));
}
