import { describe, expect, test } from "vitest";
import type { ScopedRole } from "~/modules/accounts/permissions";
import {
  actsOfficially,
  canCreateScheme,
  canManageScheme,
  canParticipate,
  canScreenProposal,
} from "./permissions";

const city = "/4401/";
const district = "/4401/440106/";
const street = "/4401/440106/440106001/";
const community = "/4401/440106/440106001/440106001001/";
const community2 = "/4401/440106/440106001/440106001002/";
const grid = "/4401/440106/440106001/440106001001/G1/";
const otherStreet = "/4401/440106/440106002/";
// A prefix trap: 4401060011 is not inside 440106001.
const lookalike = "/4401/440106/4401060011/";

const as = (role: ScopedRole["role"], areaPath: string): ScopedRole[] => [{ role, areaPath }];
const allow = { allowed: true };
const notYours = { allowed: false, reason: "schemes:errors.notYourArea" };

describe("canManageScheme", () => {
  test("officials manage schemes in and under their area", () => {
    for (const role of ["street_official", "district_official", "city_official"] as const) {
      expect(canManageScheme(as(role, street), street)).toEqual(allow);
      expect(canManageScheme(as(role, street), community)).toEqual(allow);
      expect(canManageScheme(as(role, street), otherStreet)).toEqual(notYours);
      expect(canManageScheme(as(role, street), district)).toEqual(notYours);
      expect(canManageScheme(as(role, street), lookalike)).toEqual(notYours);
    }
    expect(canManageScheme(as("city_official", city), community)).toEqual(allow);
    expect(canManageScheme(as("district_official", district), street)).toEqual(allow);
  });

  test("a committee manages its own community's scheme only", () => {
    expect(canManageScheme(as("committee_member", community), community)).toEqual(allow);
    expect(canManageScheme(as("committee_member", community), street)).toEqual(notYours);
    expect(canManageScheme(as("committee_member", community), community2)).toEqual(notYours);
    expect(canManageScheme(as("committee_member", community), grid)).toEqual(notYours);
  });

  test("residents, grid workers, NGOs, reviewers and nobody at all manage nothing", () => {
    for (const role of ["resident", "grid_worker", "ngo_member", "expert_reviewer"] as const)
      expect(canManageScheme(as(role, community), community).allowed).toBe(false);
    expect(canManageScheme([], community)).toEqual(notYours);
  });

  test("any one of several roles is enough", () => {
    const roles: ScopedRole[] = [
      { role: "resident", areaPath: community },
      { role: "committee_member", areaPath: community2 },
    ];
    expect(canManageScheme(roles, community2)).toEqual(allow);
    expect(canManageScheme(roles, community)).toEqual(notYours);
  });
});

describe("canCreateScheme", () => {
  test("not for a grid, even by the city", () => {
    expect(canCreateScheme(as("city_official", city), { areaPath: grid, level: "grid" })).toEqual({
      allowed: false,
      reason: "schemes:errors.levelNotAllowed",
    });
  });

  test("otherwise as managing", () => {
    expect(canCreateScheme(as("street_official", street), { areaPath: street, level: "street" })).toEqual(
      allow,
    );
    expect(
      canCreateScheme(as("committee_member", community), { areaPath: community, level: "community" }),
    ).toEqual(allow);
    expect(canCreateScheme(as("committee_member", community), { areaPath: street, level: "street" })).toEqual(
      notYours,
    );
    expect(canCreateScheme(as("resident", community), { areaPath: community, level: "community" })).toEqual(
      notYours,
    );
  });
});

describe("canParticipate", () => {
  const notHere = { allowed: false, reason: "schemes:errors.notResidentHere" };
  test("a verified resident of a community inside the scheme's area", () => {
    expect(canParticipate(as("resident", community), street)).toEqual(allow);
    expect(canParticipate(as("resident", community), community)).toEqual(allow);
    expect(canParticipate(as("resident", community), city)).toEqual(allow);
    expect(canParticipate(as("resident", community), community2)).toEqual(notHere);
    expect(canParticipate(as("resident", community), otherStreet)).toEqual(notHere);
  });

  test("staff roles alone do not make someone a participant", () => {
    for (const role of ["committee_member", "street_official", "grid_worker", "city_official"] as const)
      expect(canParticipate(as(role, community), community)).toEqual(notHere);
    expect(canParticipate([], street)).toEqual(notHere);
  });
});

describe("canScreenProposal", () => {
  const target = { schemeAreaPath: street, communityPath: community };
  test("the scheme's managers and the proposal's own committee", () => {
    expect(canScreenProposal(as("street_official", street), target)).toEqual(allow);
    expect(canScreenProposal(as("district_official", district), target)).toEqual(allow);
    expect(canScreenProposal(as("committee_member", community), target)).toEqual(allow);
  });

  test("not another community's committee, another street, a grid worker or a resident", () => {
    expect(canScreenProposal(as("committee_member", community2), target)).toEqual(notYours);
    expect(canScreenProposal(as("street_official", otherStreet), target)).toEqual(notYours);
    expect(canScreenProposal(as("grid_worker", grid), target)).toEqual(notYours);
    expect(canScreenProposal(as("resident", community), target)).toEqual(notYours);
  });
});

describe("actsOfficially", () => {
  test("managers and grid workers inside the area speak officially; residents do not", () => {
    expect(actsOfficially(as("street_official", street), community)).toBe(true);
    expect(actsOfficially(as("committee_member", community), community)).toBe(true);
    expect(actsOfficially(as("grid_worker", grid), community)).toBe(true);
    expect(actsOfficially(as("grid_worker", grid), community2)).toBe(false);
    expect(actsOfficially(as("resident", community), community)).toBe(false);
    expect(actsOfficially(as("committee_member", community2), community)).toBe(false);
  });
});
