import type { Decision, ScopedRole } from "~/modules/accounts/permissions";
import type { Role } from "~/modules/accounts/roles";

/**
 * Pure, client-safe decisions for funding calls. Governments at street, district and city level run
 * calls; an official acts on a call of their own area or one inside it, never on a call above it (a
 * street official cannot touch a city call). Organisation roles are scoped to the organisation.
 */

const allow: Decision = { allowed: true };
const refuse = (reason: string): Decision => ({ allowed: false, reason });
const within = (path: string, ancestor: string) => path.startsWith(ancestor);

const callOfficials: ReadonlySet<Role> = new Set(["street_official", "district_official", "city_official"]);
const verifyingOfficials: ReadonlySet<Role> = new Set(["district_official", "city_official"]);

/** Roles with the organisation they are held for (ActiveRole fits). */
export type OrgScopedRole = ScopedRole & { organisationId: string | null };

/** Whether the actor may create a call for the area at `areaPath` (a street, district or the city). */
export function canCreateCall(actorRoles: readonly ScopedRole[], areaPath: string): Decision {
  for (const r of actorRoles) {
    if ((callOfficials.has(r.role) || r.role === "platform_admin") && within(areaPath, r.areaPath))
      return allow;
  }
  return refuse("calls:errors.notYourCall");
}

/** Whether the actor runs this call: edit, screen, draw reviewers, award, contract, evaluate. */
export function canManageCall(actorRoles: readonly ScopedRole[], callAreaPath: string): Decision {
  return canCreateCall(actorRoles, callAreaPath);
}

/** Whether the actor may verify or reject organisations registered in `orgAreaPath`. */
export function canVerifyOrganisation(actorRoles: readonly ScopedRole[], orgAreaPath: string): Decision {
  for (const r of actorRoles) {
    if ((verifyingOfficials.has(r.role) || r.role === "platform_admin") && within(orgAreaPath, r.areaPath))
      return allow;
  }
  return refuse("organisations:errors.notYourVerification");
}

/** Whether the actor may manage reviewer pools (officials who run calls). */
export function canManageReviewerPool(actorRoles: readonly ScopedRole[]): Decision {
  return actorRoles.some((r) => callOfficials.has(r.role) || r.role === "platform_admin")
    ? allow
    : refuse("reviews:errors.notAnOfficial");
}

export function isOrganisationMember(actorRoles: readonly OrgScopedRole[], organisationId: string): boolean {
  return actorRoles.some(
    (r) => (r.role === "ngo_admin" || r.role === "ngo_member") && r.organisationId === organisationId,
  );
}

export function isOrganisationAdmin(actorRoles: readonly OrgScopedRole[], organisationId: string): boolean {
  return actorRoles.some((r) => r.role === "ngo_admin" && r.organisationId === organisationId);
}

/** The organisations the actor belongs to (admin or member). */
export function memberOrganisationIds(actorRoles: readonly OrgScopedRole[]): string[] {
  const ids = new Set<string>();
  for (const r of actorRoles)
    if ((r.role === "ngo_admin" || r.role === "ngo_member") && r.organisationId) ids.add(r.organisationId);
  return [...ids];
}

export function isExpertReviewer(actorRoles: readonly ScopedRole[]): boolean {
  return actorRoles.some((r) => r.role === "expert_reviewer");
}
