/** Client-safe role vocabulary. Every role is held in a scope (an area, and for NGO roles an organisation). */
export const roles = [
  "resident",
  "committee_member",
  "grid_worker",
  "street_official",
  "district_official",
  "city_official",
  "ngo_admin",
  "ngo_member",
  "expert_reviewer",
  "platform_admin",
] as const;

export type Role = (typeof roles)[number];

/** Roles whose sessions get short idle and absolute timeouts. */
export const privilegedRoles: ReadonlySet<Role> = new Set([
  "committee_member",
  "grid_worker",
  "street_official",
  "district_official",
  "city_official",
  "expert_reviewer",
  "platform_admin",
]);

/** The area level each role is held at. */
export const roleAreaLevel: Record<Role, "city" | "district" | "street" | "community" | "grid" | "any"> = {
  resident: "community",
  committee_member: "community",
  grid_worker: "grid",
  street_official: "street",
  district_official: "district",
  city_official: "city",
  ngo_admin: "any",
  ngo_member: "any",
  expert_reviewer: "any",
  platform_admin: "city",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}
