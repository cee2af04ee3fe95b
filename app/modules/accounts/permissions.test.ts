import { describe, expect, test } from "vitest";
import type { AreaLevel } from "~/modules/geography/area-levels";
import {
  canAdministerRoles,
  canGrantRole,
  canIssueInvite,
  canReviewResidency,
  canRevokeRole,
  type ScopedRole,
} from "./permissions";
import { roleAreaLevel, roles, type Role } from "./roles";

// A small tree: city 4401 with districts D and D2; D holds streets S and S2; S holds communities C and C2;
// C holds grids G and G2. Another city (4403) stands for "somewhere else entirely".
const P = {
  city: "/4401/",
  otherCity: "/4403/",
  D: "/4401/440106/",
  D2: "/4401/440104/",
  S: "/4401/440106/440106003/",
  S2: "/4401/440106/440106004/",
  C: "/4401/440106/440106003/440106003023/",
  C2: "/4401/440106/440106003/440106003024/",
  C3: "/4401/440104/440104001/440104001001/",
  G: "/4401/440106/440106003/440106003023/440106003023001/",
  G2: "/4401/440106/440106003/440106003023/440106003023002/",
} as const;

const depth: Record<AreaLevel, number> = { city: 0, district: 1, street: 2, community: 3, grid: 4 };

/** Where each role is held in the fixtures, and the same-level sibling that is outside its scope. */
const home: Record<Role, { level: AreaLevel; own: string; sibling: string }> = {
  resident: { level: "community", own: P.C, sibling: P.C2 },
  committee_member: { level: "community", own: P.C, sibling: P.C2 },
  grid_worker: { level: "grid", own: P.G, sibling: P.G2 },
  street_official: { level: "street", own: P.S, sibling: P.S2 },
  district_official: { level: "district", own: P.D, sibling: P.D2 },
  city_official: { level: "city", own: P.city, sibling: P.otherCity },
  ngo_admin: { level: "district", own: P.D, sibling: P.D2 },
  ngo_member: { level: "district", own: P.D, sibling: P.D2 },
  expert_reviewer: { level: "city", own: P.city, sibling: P.otherCity },
  platform_admin: { level: "city", own: P.city, sibling: P.otherCity },
};

/** Written out by hand from the rules (not derived from the implementation). */
const mayGrant: Record<Role, readonly Role[]> = {
  resident: [],
  committee_member: [],
  grid_worker: [],
  ngo_admin: [],
  ngo_member: [],
  expert_reviewer: [],
  street_official: ["committee_member", "grid_worker"],
  district_official: ["street_official", "committee_member", "grid_worker"],
  city_official: ["district_official", "street_official", "committee_member", "grid_worker"],
  platform_admin: roles.filter((r) => r !== "resident"),
};

/** An area of `level` on the chain below (or above) `path`, extending it with made-up child codes. */
function areaAt(path: string, fromLevel: AreaLevel, level: AreaLevel): string {
  const codes = path.split("/").filter(Boolean);
  const target = depth[level] - depth[fromLevel];
  if (target <= 0) return `/${codes.slice(0, codes.length + target).join("/")}/`;
  for (let i = 0; i < target; i++) codes.push(`${codes[codes.length - 1]}0${i + 1}`);
  return `/${codes.join("/")}/`;
}

const actor = (role: Role): ScopedRole[] => [{ role, areaPath: home[role].own }];

describe("canReviewResidency", () => {
  // target: [communityPath, gridPath]
  const targets = {
    "own community, no grid": [P.C, null],
    "own community, grid G": [P.C, P.G],
    "own community, grid G2": [P.C, P.G2],
    "sibling community": [P.C2, null],
    "another district's community": [P.C3, null],
  } as const;
  const allowed: Partial<Record<Role, ReadonlyArray<keyof typeof targets>>> = {
    committee_member: ["own community, no grid", "own community, grid G", "own community, grid G2"],
    grid_worker: ["own community, no grid", "own community, grid G"],
  };
  const cases = roles.flatMap((role) =>
    Object.entries(targets).map(([name, [communityPath, gridPath]]) => ({
      role,
      name,
      communityPath,
      gridPath,
      expected: (allowed[role] ?? []).includes(name as keyof typeof targets),
    })),
  );
  test.each(cases)("$role × $name → $expected", ({ role, communityPath, gridPath, expected }) => {
    const decision = canReviewResidency(actor(role), { communityPath, gridPath });
    expect(decision.allowed).toBe(expected);
    if (!decision.allowed) expect(decision.reason).toBe("residency:errors.notYourCommunity");
  });

  test("a committee member of community A can never act on community B, whatever else", () => {
    const committeeOfC2: ScopedRole[] = [{ role: "committee_member", areaPath: P.C2 }];
    expect(canReviewResidency(committeeOfC2, { communityPath: P.C, gridPath: P.G }).allowed).toBe(false);
    // A code that merely starts with the other's digits is not inside it.
    expect(
      canReviewResidency([{ role: "committee_member", areaPath: "/4401/440106/440106003/44010600302/" }], {
        communityPath: P.C,
      }).allowed,
    ).toBe(false);
  });
});

describe("canIssueInvite", () => {
  const targets = {
    "own community": [P.C, null],
    "own community, grid G": [P.C, P.G],
    "own community, grid G2": [P.C, P.G2],
    "sibling community": [P.C2, null],
    "another district's community": [P.C3, null],
  } as const;
  const allowed: Partial<Record<Role, ReadonlyArray<keyof typeof targets>>> = {
    committee_member: ["own community", "own community, grid G", "own community, grid G2"],
    grid_worker: ["own community, grid G"],
  };
  const cases = roles.flatMap((role) =>
    Object.entries(targets).map(([name, [communityPath, gridPath]]) => ({
      role,
      name,
      communityPath,
      gridPath,
      expected: (allowed[role] ?? []).includes(name as keyof typeof targets),
    })),
  );
  test.each(cases)("$role × $name → $expected", ({ role, communityPath, gridPath, expected }) => {
    expect(canIssueInvite(actor(role), { communityPath, gridPath }).allowed).toBe(expected);
  });

  test("a grid worker is told they may only issue for their own grid", () => {
    expect(canIssueInvite(actor("grid_worker"), { communityPath: P.C })).toEqual({
      allowed: false,
      reason: "residency:errors.gridWorkerOwnGridOnly",
    });
  });

  test("a grid that is not in the community is refused even for its committee", () => {
    expect(
      canIssueInvite(actor("committee_member"), { communityPath: P.C, gridPath: `${P.C2}44010600302401/` }),
    ).toEqual({
      allowed: false,
      reason: "residency:errors.gridNotInCommunity",
    });
  });
});

describe("canGrantRole: each actor × each role, in its own or a child area, a parent area and a sibling's", () => {
  type Case = {
    actorRole: Role;
    role: Role;
    where: string;
    areaPath: string;
    level: AreaLevel;
    expected: true | string;
  };
  const cases: Case[] = [];
  for (const actorRole of roles) {
    const h = home[actorRole];
    for (const role of roles) {
      // Roles held at any level are tried at community level.
      const fixed = roleAreaLevel[role];
      const level: AreaLevel = fixed === "any" ? "community" : fixed;
      const relation =
        depth[level] === depth[h.level]
          ? "own area"
          : depth[level] > depth[h.level]
            ? "child area"
            : "parent area";
      const inside = relation !== "parent area";
      for (const [where, base] of [
        [relation, h.own],
        ["sibling area", h.sibling],
      ] as const) {
        const areaPath = areaAt(base, h.level, level);
        let expected: true | string;
        if (role === "resident") expected = "admin:errors.residentThroughVerification";
        else if (!mayGrant[actorRole].includes(role)) {
          expected =
            role === "platform_admin"
              ? "admin:errors.onlyAdminGrantsAdmin"
              : "admin:errors.roleOutsideRights";
        } else if (where === "sibling area" || !inside) expected = "admin:errors.areaOutsideScope";
        else expected = true;
        cases.push({ actorRole, role, where, areaPath, level, expected });
      }
    }
  }

  test.each(cases)(
    "$actorRole grants $role in $where ($areaPath) → $expected",
    ({ actorRole, role, areaPath, level, expected }) => {
      const decision = canGrantRole(actor(actorRole), { role, areaPath, areaLevel: level });
      if (expected === true) expect(decision).toEqual({ allowed: true });
      else expect(decision).toEqual({ allowed: false, reason: expected });
    },
  );

  test("the area must be of the role's level", () => {
    const admin = actor("platform_admin");
    expect(canGrantRole(admin, { role: "district_official", areaPath: P.S, areaLevel: "street" })).toEqual({
      allowed: false,
      reason: "admin:errors.wrongLevel",
    });
    expect(canGrantRole(admin, { role: "grid_worker", areaPath: P.C, areaLevel: "community" }).allowed).toBe(
      false,
    );
    expect(
      canGrantRole(admin, { role: "platform_admin", areaPath: P.D, areaLevel: "district" }).allowed,
    ).toBe(false);
    // NGO roles and expert reviewers may be held at any level.
    for (const role of ["ngo_admin", "ngo_member", "expert_reviewer"] as const) {
      for (const [areaPath, areaLevel] of [
        [P.city, "city"],
        [P.D, "district"],
        [P.S, "street"],
        [P.C, "community"],
        [P.G, "grid"],
      ] as const) {
        expect(canGrantRole(admin, { role, areaPath, areaLevel }).allowed).toBe(true);
      }
    }
  });

  test("a platform admin acts only within its own city", () => {
    expect(
      canGrantRole(actor("platform_admin"), {
        role: "committee_member",
        areaPath: "/4403/440303/440303001/440303001001/",
        areaLevel: "community",
      }).allowed,
    ).toBe(false);
    expect(
      canGrantRole(actor("platform_admin"), { role: "platform_admin", areaPath: P.city, areaLevel: "city" })
        .allowed,
    ).toBe(true);
  });

  test("several roles: any one that allows is enough", () => {
    const both: ScopedRole[] = [
      { role: "committee_member", areaPath: P.C },
      { role: "street_official", areaPath: P.S2 },
    ];
    expect(
      canGrantRole(both, {
        role: "grid_worker",
        areaPath: `${P.S2}44010600400101/44010600400101001/`,
        areaLevel: "grid",
      }).allowed,
    ).toBe(true);
    expect(canGrantRole(both, { role: "grid_worker", areaPath: P.G, areaLevel: "grid" })).toEqual({
      allowed: false,
      reason: "admin:errors.areaOutsideScope",
    });
  });
});

describe("canRevokeRole and canAdministerRoles", () => {
  test("revoking follows granting", () => {
    expect(
      canRevokeRole(actor("street_official"), {
        role: "committee_member",
        areaPath: P.C,
        areaLevel: "community",
      }).allowed,
    ).toBe(true);
    expect(
      canRevokeRole(actor("street_official"), {
        role: "committee_member",
        areaPath: P.C3,
        areaLevel: "community",
      }).allowed,
    ).toBe(false);
    expect(
      canRevokeRole(actor("city_official"), { role: "platform_admin", areaPath: P.city, areaLevel: "city" })
        .allowed,
    ).toBe(false);
    expect(
      canRevokeRole(actor("platform_admin"), { role: "platform_admin", areaPath: P.city, areaLevel: "city" })
        .allowed,
    ).toBe(true);
  });

  test("a resident's verification can be undone by whoever appoints that community's committee", () => {
    expect(
      canRevokeRole(actor("street_official"), { role: "resident", areaPath: P.C, areaLevel: "community" })
        .allowed,
    ).toBe(true);
    expect(
      canRevokeRole(actor("street_official"), { role: "resident", areaPath: P.C3, areaLevel: "community" })
        .allowed,
    ).toBe(false);
    expect(
      canRevokeRole(actor("committee_member"), { role: "resident", areaPath: P.C, areaLevel: "community" })
        .allowed,
    ).toBe(false);
  });

  test.each(roles.map((role) => ({ role, expected: mayGrant[role].length > 0 })))(
    "$role may open the role page → $expected",
    ({ role, expected }) => {
      expect(canAdministerRoles(actor(role)).allowed).toBe(expected);
    },
  );

  test("no roles at all: nothing is allowed", () => {
    expect(canAdministerRoles([]).allowed).toBe(false);
    expect(canReviewResidency([], { communityPath: P.C }).allowed).toBe(false);
    expect(canIssueInvite([], { communityPath: P.C }).allowed).toBe(false);
    expect(canGrantRole([], { role: "grid_worker", areaPath: P.G, areaLevel: "grid" }).allowed).toBe(false);
  });
});
