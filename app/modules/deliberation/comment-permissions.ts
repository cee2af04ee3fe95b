import type { ScopedRole } from "~/modules/accounts/permissions";

/**
 * Pure, client-safe rights over comments. Paths end with "/" ("/4401/440106/"), so a prefix test is an
 * "inside this area" test. Which area counts for a subject (a proposal's scheme area, its community) is
 * the subject resolver's business; these rules only compare paths.
 */

const officialRoles = new Set(["street_official", "district_official", "city_official"]);

/**
 * Speaks for the authorities on an area: its community committee, an official whose area contains it,
 * or a grid worker inside it. Their comments are shown as official replies.
 */
export function speaksOfficiallyOn(roles: readonly ScopedRole[], areaPath: string): boolean {
  return roles.some(
    (r) =>
      (r.role === "committee_member" && r.areaPath === areaPath) ||
      (officialRoles.has(r.role) && areaPath.startsWith(r.areaPath)) ||
      (r.role === "grid_worker" && r.areaPath.startsWith(areaPath)),
  );
}

/** The committee of exactly this community. */
export function isCommitteeOf(roles: readonly ScopedRole[], communityPath: string): boolean {
  return roles.some((r) => r.role === "committee_member" && r.areaPath === communityPath);
}

/** A verified resident whose community lies inside the area. */
export function residesIn(roles: readonly ScopedRole[], areaPath: string): boolean {
  return roles.some((r) => r.role === "resident" && r.areaPath.startsWith(areaPath));
}

/** Roles that moderate comments in their area (committee members and officials; grid workers do not). */
export function moderationScopes(roles: readonly ScopedRole[]): string[] {
  return roles
    .filter((r) => r.role === "committee_member" || officialRoles.has(r.role))
    .map((r) => r.areaPath);
}

/** Whether the person moderates a comment whose area (community or grid) has this path. */
export function canModerateAt(roles: readonly ScopedRole[], commentAreaPath: string): boolean {
  return moderationScopes(roles).some((scope) => commentAreaPath.startsWith(scope));
}
