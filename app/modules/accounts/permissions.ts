import type { AreaLevel } from "~/modules/geography/area-levels";
import { roleAreaLevel, type Role } from "./roles";

/**
 * Pure, client-safe decisions over an actor's active, scoped roles. A permission is always "can this
 * person do X here": every rule compares the area path of a role the actor holds with the path of the
 * target. Paths end with "/" ("/4401/440106/"), so a prefix test never confuses 440106 with 4401061.
 * Refusal reasons are catalogue keys, shown as they are to the person.
 */
export type Decision = { allowed: true } | { allowed: false; reason: string };

/** The part of an active role assignment the rules need (`ActiveRole` from role-queries fits). */
export type ScopedRole = { role: Role; areaPath: string };

const allow: Decision = { allowed: true };
const refuse = (reason: string): Decision => ({ allowed: false, reason });

function within(path: string, ancestorPath: string) {
  return path.startsWith(ancestorPath);
}

/**
 * Who may approve or reject a residency request: a committee member of that very community; the grid
 * worker of the request's grid; and, when the resident chose no grid, any grid worker of a grid in that
 * community (grid workers know their community, and otherwise a grid-less request would wait on the
 * committee alone). Officials above the community supervise but do not verify residents themselves.
 */
export function canReviewResidency(
  actorRoles: readonly ScopedRole[],
  target: { communityPath: string; gridPath?: string | null },
): Decision {
  for (const r of actorRoles) {
    if (r.role === "committee_member" && r.areaPath === target.communityPath) return allow;
    if (r.role === "grid_worker") {
      if (target.gridPath ? r.areaPath === target.gridPath : within(r.areaPath, target.communityPath))
        return allow;
    }
  }
  return refuse("residency:errors.notYourCommunity");
}

/**
 * Who may issue a one-time invite code: a committee member for their community (for the whole
 * community or one of its grids), a grid worker for their own grid only.
 */
export function canIssueInvite(
  actorRoles: readonly ScopedRole[],
  target: { communityPath: string; gridPath?: string | null },
): Decision {
  if (target.gridPath && !within(target.gridPath, target.communityPath))
    return refuse("residency:errors.gridNotInCommunity");
  let gridWorkerHere = false;
  for (const r of actorRoles) {
    if (r.role === "committee_member" && r.areaPath === target.communityPath) return allow;
    if (r.role === "grid_worker" && within(r.areaPath, target.communityPath)) {
      if (target.gridPath && r.areaPath === target.gridPath) return allow;
      gridWorkerHere = true;
    }
  }
  return refuse(
    gridWorkerHere ? "residency:errors.gridWorkerOwnGridOnly" : "residency:errors.notYourCommunity",
  );
}

/** The roles each kind of official may hand out, always inside the area they hold their own role in. */
const grantableBy: Partial<Record<Role, readonly Role[]>> = {
  platform_admin: [
    "committee_member",
    "grid_worker",
    "street_official",
    "district_official",
    "city_official",
    "ngo_admin",
    "ngo_member",
    "expert_reviewer",
    "platform_admin",
  ],
  city_official: ["district_official", "street_official", "committee_member", "grid_worker"],
  district_official: ["street_official", "committee_member", "grid_worker"],
  street_official: ["committee_member", "grid_worker"],
};

/** Whether the person may open the role administration page at all (its actions are checked one by one). */
export function canAdministerRoles(actorRoles: readonly ScopedRole[]): Decision {
  return actorRoles.some((r) => grantableBy[r.role]) ? allow : refuse("admin:errors.noRoleRights");
}

/** Which roles the actor could grant somewhere (to fill the form's role select). */
export function grantableRoles(actorRoles: readonly ScopedRole[]): Role[] {
  const out = new Set<Role>();
  for (const r of actorRoles) for (const role of grantableBy[r.role] ?? []) out.add(role);
  return [...out];
}

/**
 * Granting a role in an area. The area must be of the role's level (NGO roles and expert reviewers may
 * be held at any level); platform_admin can only come from a platform_admin; everyone else grants only
 * the roles below their own, inside their own area. `resident` is never granted here: residency comes
 * from verification (a reviewed request or an invite code), which keeps its participation record.
 */
export function canGrantRole(
  actorRoles: readonly ScopedRole[],
  target: { role: Role; areaPath: string; areaLevel: AreaLevel },
): Decision {
  const level = roleAreaLevel[target.role];
  if (level !== "any" && level !== target.areaLevel) return refuse("admin:errors.wrongLevel");
  if (target.role === "resident") return refuse("admin:errors.residentThroughVerification");
  let mayGrantElsewhere = false;
  for (const r of actorRoles) {
    if (!grantableBy[r.role]?.includes(target.role)) continue;
    if (within(target.areaPath, r.areaPath)) return allow;
    mayGrantElsewhere = true;
  }
  if (target.role === "platform_admin" && !mayGrantElsewhere)
    return refuse("admin:errors.onlyAdminGrantsAdmin");
  return refuse(mayGrantElsewhere ? "admin:errors.areaOutsideScope" : "admin:errors.roleOutsideRights");
}

/**
 * Revoking follows granting: whoever may grant that role in that area may take it away. A resident
 * assignment (a mistaken verification) may be revoked by whoever may appoint that community's committee.
 */
export function canRevokeRole(
  actorRoles: readonly ScopedRole[],
  target: { role: Role; areaPath: string; areaLevel: AreaLevel },
): Decision {
  if (target.role === "resident") {
    return canGrantRole(actorRoles, {
      role: "committee_member",
      areaPath: target.areaPath,
      areaLevel: "community",
    });
  }
  return canGrantRole(actorRoles, target);
}

const areaOfficialRoles: ReadonlySet<Role> = new Set([
  "street_official",
  "district_official",
  "city_official",
]);

/**
 * Who acts for an area (answers its matters, runs its consultations and meetings, publishes its
 * outcomes): a committee member of the community it is in (or is), or an official whose area contains it.
 */
export function canManageArea(actorRoles: readonly ScopedRole[], areaPath: string): Decision {
  for (const r of actorRoles) {
    if ((r.role === "committee_member" || areaOfficialRoles.has(r.role)) && within(areaPath, r.areaPath))
      return allow;
  }
  return refuse("residency:errors.notYourCommunity");
}

/** Whether the actor is a verified resident living inside `areaPath`. */
export function isResidentWithin(actorRoles: readonly ScopedRole[], areaPath: string): boolean {
  return actorRoles.some((r) => r.role === "resident" && within(r.areaPath, areaPath));
}
