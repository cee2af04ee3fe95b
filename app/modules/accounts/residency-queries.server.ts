import { and, asc, desc, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { residencyInvites, residencyRequests, roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import {
  getAreaByCode,
  getAreaById,
  listChildAreas,
  listRootAreas,
  type AreaSummary,
} from "~/modules/geography/queries.server";
import { canIssueInvite, canReviewResidency } from "./permissions";
import type { ActiveRole } from "./role-queries.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const community = alias(areas, "community");
const grid = alias(areas, "grid");

const communityNames = {
  code: community.code,
  nameZhCn: community.nameZhCn,
  nameZhHk: community.nameZhHk,
  nameEn: community.nameEn,
};
const gridNames = { code: grid.code, nameZhCn: grid.nameZhCn, nameZhHk: grid.nameZhHk, nameEn: grid.nameEn };

export type AreaNames = { code: string; nameZhCn: string; nameZhHk: string; nameEn: string };

/** A request with what a reviewer's permission check needs (the area paths) and the requester's seed. */
export async function getResidencyRequestForReview(id: string) {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db
    .select({
      id: residencyRequests.id,
      userId: residencyRequests.userId,
      communityId: residencyRequests.communityId,
      gridId: residencyRequests.gridId,
      status: residencyRequests.status,
      communityPath: community.path,
      gridPath: grid.path,
      requester: { pseudonymSeed: users.pseudonymSeed },
    })
    .from(residencyRequests)
    .innerJoin(community, eq(community.id, residencyRequests.communityId))
    .leftJoin(grid, eq(grid.id, residencyRequests.gridId))
    .innerJoin(users, eq(users.id, residencyRequests.userId))
    .where(eq(residencyRequests.id, id));
  return row ?? null;
}

/** What `/account/residency` shows: where the person is verified, what is pending, the last refusal. */
export async function getResidencyStatus(userId: string) {
  const [residence] = await db
    .select({ since: roleAssignments.grantedAt, community: communityNames, grid: gridNames })
    .from(roleAssignments)
    .innerJoin(community, eq(community.id, roleAssignments.areaId))
    .leftJoin(grid, eq(grid.id, roleAssignments.gridId))
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
      ),
    );
  const [latest] = await db
    .select({
      id: residencyRequests.id,
      status: residencyRequests.status,
      message: residencyRequests.message,
      createdAt: residencyRequests.createdAt,
      decidedAt: residencyRequests.decidedAt,
      decisionReason: residencyRequests.decisionReason,
      community: communityNames,
      grid: gridNames,
    })
    .from(residencyRequests)
    .innerJoin(community, eq(community.id, residencyRequests.communityId))
    .leftJoin(grid, eq(grid.id, residencyRequests.gridId))
    .where(and(eq(residencyRequests.userId, userId), ne(residencyRequests.status, "cancelled")))
    .orderBy(desc(residencyRequests.createdAt))
    .limit(1);
  return {
    residence: residence ?? null,
    pending: latest?.status === "pending" ? latest : null,
    lastRejection: latest?.status === "rejected" ? latest : null,
  };
}

/** The code of a grid's community, read from its path ("/4401/…/community/grid/"). */
function communityCodeOfGrid(gridPath: string) {
  const codes = gridPath.split("/").filter(Boolean);
  return codes[codes.length - 2] ?? "";
}

/** The SQL form of `canReviewResidency`, so the queue is filtered in the database. */
function reviewScope(actorRoles: readonly ActiveRole[]): SQL | undefined {
  const committeeAreaIds = actorRoles.filter((r) => r.role === "committee_member").map((r) => r.areaId);
  const gridWorkerRoles = actorRoles.filter((r) => r.role === "grid_worker");
  const conditions: SQL[] = [];
  if (committeeAreaIds.length) conditions.push(inArray(residencyRequests.communityId, committeeAreaIds));
  if (gridWorkerRoles.length) {
    conditions.push(
      inArray(
        residencyRequests.gridId,
        gridWorkerRoles.map((r) => r.areaId),
      ),
    );
    conditions.push(
      and(
        isNull(residencyRequests.gridId),
        inArray(
          community.code,
          gridWorkerRoles.map((r) => communityCodeOfGrid(r.areaPath)),
        ),
      )!,
    );
  }
  return conditions.length ? or(...conditions) : undefined;
}

const queueColumns = {
  id: residencyRequests.id,
  status: residencyRequests.status,
  message: residencyRequests.message,
  createdAt: residencyRequests.createdAt,
  decidedAt: residencyRequests.decidedAt,
  decisionReason: residencyRequests.decisionReason,
  requesterName: users.displayName,
  communityPath: community.path,
  gridPath: grid.path,
  community: communityNames,
  grid: gridNames,
};

/** Pending requests the actor may decide, oldest first, and the most recent decisions below them. */
export async function listReviewQueue(actorRoles: readonly ActiveRole[], { recentLimit = 20 } = {}) {
  const scope = reviewScope(actorRoles);
  if (!scope) return { pending: [], recent: [] };
  const base = () =>
    db
      .select(queueColumns)
      .from(residencyRequests)
      .innerJoin(community, eq(community.id, residencyRequests.communityId))
      .leftJoin(grid, eq(grid.id, residencyRequests.gridId))
      .innerJoin(users, eq(users.id, residencyRequests.userId));
  const pending = await base()
    .where(and(eq(residencyRequests.status, "pending"), scope))
    .orderBy(asc(residencyRequests.createdAt))
    .limit(200);
  const recent = await base()
    .where(and(inArray(residencyRequests.status, ["approved", "rejected"]), scope))
    .orderBy(desc(residencyRequests.decidedAt))
    .limit(recentLimit);
  // The SQL scope mirrors the rule; checking each row against the rule itself keeps them honest.
  const mayReview = (row: { communityPath: string; gridPath: string | null }) =>
    canReviewResidency(actorRoles, { communityPath: row.communityPath, gridPath: row.gridPath }).allowed;
  return { pending: pending.filter(mayReview), recent: recent.filter(mayReview) };
}

export type InviteScope = {
  code: string;
  level: "community" | "grid";
  community: AreaNames;
  grid: AreaNames | null;
};

/** Where the actor may issue invite codes: each committee community, its grids, and their own grids. */
export async function listInviteScopes(actorRoles: readonly ActiveRole[]): Promise<InviteScope[]> {
  const scopes: InviteScope[] = [];
  const seen = new Set<string>();
  const names = (a: Pick<AreaSummary, "code" | "nameZhCn" | "nameZhHk" | "nameEn">): AreaNames => ({
    code: a.code,
    nameZhCn: a.nameZhCn,
    nameZhHk: a.nameZhHk,
    nameEn: a.nameEn,
  });
  for (const role of actorRoles) {
    if (role.role === "committee_member") {
      const c = names({
        code: role.areaCode,
        nameZhCn: role.areaNameZhCn,
        nameZhHk: role.areaNameZhHk,
        nameEn: role.areaNameEn,
      });
      if (!seen.has(c.code)) scopes.push({ code: c.code, level: "community", community: c, grid: null });
      seen.add(c.code);
      for (const g of await listChildAreas(role.areaId)) {
        if (g.level !== "grid" || seen.has(g.code)) continue;
        seen.add(g.code);
        scopes.push({ code: g.code, level: "grid", community: c, grid: names(g) });
      }
    }
  }
  for (const role of actorRoles) {
    if (role.role !== "grid_worker" || seen.has(role.areaCode)) continue;
    const c = await getAreaByCode(communityCodeOfGrid(role.areaPath));
    if (!c) continue;
    seen.add(role.areaCode);
    scopes.push({
      code: role.areaCode,
      level: "grid",
      community: names(c),
      grid: names({
        code: role.areaCode,
        nameZhCn: role.areaNameZhCn,
        nameZhHk: role.areaNameZhHk,
        nameEn: role.areaNameEn,
      }),
    });
  }
  return scopes;
}

/** Whether the actor may issue or review anything at all (guards the two staff pages). */
export function residencyStaffRights(actorRoles: readonly ActiveRole[]) {
  return actorRoles.some((r) => r.role === "committee_member" || r.role === "grid_worker");
}

/** The area (and, for a grid, its community) an invite would be issued for, with the permission decision. */
export async function resolveInviteScope(actorRoles: readonly ActiveRole[], code: string) {
  const area = await getAreaByCode(code);
  if (!area || (area.level !== "community" && area.level !== "grid")) return null;
  const communityArea =
    area.level === "grid" ? (area.parentId ? await getAreaById(area.parentId) : null) : area;
  if (!communityArea || communityArea.level !== "community") return null;
  const gridArea = area.level === "grid" ? area : null;
  const permission = canIssueInvite(actorRoles, {
    communityPath: communityArea.path,
    gridPath: gridArea?.path ?? null,
  });
  return { community: communityArea, grid: gridArea, permission };
}

export type InviteStatus = "unused" | "redeemed" | "expired";

/** The codes a person issued (never the code itself: only its hash is kept). */
export async function listIssuedInvites(issuerId: string, now = new Date()) {
  const rows = await db
    .select({
      id: residencyInvites.id,
      createdAt: residencyInvites.createdAt,
      expiresAt: residencyInvites.expiresAt,
      redeemedAt: residencyInvites.redeemedAt,
      community: communityNames,
      grid: gridNames,
    })
    .from(residencyInvites)
    .innerJoin(community, eq(community.id, residencyInvites.communityId))
    .leftJoin(grid, eq(grid.id, residencyInvites.gridId))
    .where(eq(residencyInvites.issuedBy, issuerId))
    .orderBy(desc(residencyInvites.createdAt))
    .limit(100);
  return rows.map((row) => ({
    ...row,
    status: (row.redeemedAt ? "redeemed" : row.expiresAt <= now ? "expired" : "unused") as InviteStatus,
  }));
}

/**
 * The step-by-step community picker of `/account/residency` (works without JavaScript: each step is a
 * GET form). A code that does not belong under the previous choice is ignored, never trusted.
 */
export async function loadCommunityPicker(choice: {
  district?: string | null;
  street?: string | null;
  community?: string | null;
}) {
  const cities = await listRootAreas();
  const districts = (await Promise.all(cities.map((c) => listChildAreas(c.id))))
    .flat()
    .filter((a) => a.level === "district");
  const district = districts.find((d) => d.code === choice.district) ?? null;
  const streets = district ? (await listChildAreas(district.id)).filter((a) => a.level === "street") : [];
  const street = streets.find((s) => s.code === choice.street) ?? null;
  const communities = street ? (await listChildAreas(street.id)).filter((a) => a.level === "community") : [];
  const chosen = communities.find((c) => c.code === choice.community) ?? null;
  const grids = chosen ? (await listChildAreas(chosen.id)).filter((a) => a.level === "grid") : [];
  return { districts, district, streets, street, communities, community: chosen, grids };
}
