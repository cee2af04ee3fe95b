import type { Decision, ScopedRole } from "~/modules/accounts/permissions";

/**
 * Pure, client-safe decisions for livelihood schemes. Paths end with "/" ("/4401/440106/"), so a prefix
 * test is an "inside this area" test. Refusal reasons are catalogue keys shown to the person.
 */
const allow: Decision = { allowed: true };
const refuse = (reason: string): Decision => ({ allowed: false, reason });

const officialRoles = new Set(["street_official", "district_official", "city_official"]);

/**
 * Who runs a scheme (sets it up, edits, screens, enters paper ballots, publishes results, answers
 * objections, accepts projects): the committee of a community scheme, or an official whose area
 * contains the scheme's area.
 */
export function canManageScheme(actorRoles: readonly ScopedRole[], schemeAreaPath: string): Decision {
  for (const r of actorRoles) {
    if (r.role === "committee_member" && r.areaPath === schemeAreaPath) return allow;
    if (officialRoles.has(r.role) && schemeAreaPath.startsWith(r.areaPath)) return allow;
  }
  return refuse("schemes:errors.notYourArea");
}

/** Who may set up a scheme for an area: committee for its community, officials inside their area. */
export function canCreateScheme(
  actorRoles: readonly ScopedRole[],
  target: { areaPath: string; level: string },
): Decision {
  if (target.level === "grid") return refuse("schemes:errors.levelNotAllowed");
  return canManageScheme(actorRoles, target.areaPath);
}

/**
 * Who takes part (proposes, supports, votes, evaluates): a verified resident whose community lies
 * inside the scheme's area.
 */
export function canParticipate(actorRoles: readonly ScopedRole[], schemeAreaPath: string): Decision {
  for (const r of actorRoles) {
    if (r.role === "resident" && r.areaPath.startsWith(schemeAreaPath)) return allow;
  }
  return refuse("schemes:errors.notResidentHere");
}

/** Whether the actor posts in an official capacity on this area (marks comments as official replies). */
export function actsOfficially(actorRoles: readonly ScopedRole[], areaPath: string): boolean {
  return (
    canManageScheme(actorRoles, areaPath).allowed ||
    actorRoles.some((r) => r.role === "grid_worker" && r.areaPath.startsWith(areaPath))
  );
}

/**
 * Who screens a proposal: whoever runs the scheme, and the committee of the proposal's own community
 * (a street scheme is screened community by community).
 */
export function canScreenProposal(
  actorRoles: readonly ScopedRole[],
  target: { schemeAreaPath: string; communityPath: string },
): Decision {
  if (canManageScheme(actorRoles, target.schemeAreaPath).allowed) return allow;
  for (const r of actorRoles) {
    if (r.role === "committee_member" && r.areaPath === target.communityPath) return allow;
  }
  return refuse("schemes:errors.notYourArea");
}
