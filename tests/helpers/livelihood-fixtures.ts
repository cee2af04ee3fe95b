// Direct inserts for livelihood tests: a scheme in any phase and proposals in any status, without
// going through the use-cases under test. Use-case tests should call the real use-cases for the act
// they test and these fixtures only for the state before it.
import { livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import type { ProposalStatus } from "~/modules/livelihood/proposal-status";
import { assignRole, makeAreaTree, makeStaff, makeUser } from "./residency-fixtures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A verified resident of `communityId` (optionally of a grid), with roles as use-cases take them. */
export async function makeResident(communityId: number, displayName = "测试居民", gridId?: number) {
  const user = await makeUser(displayName);
  await assignRole(user.id, "resident", communityId, gridId ? { gridId } : {});
  return { ...user, roles: await listActiveRoles(user.id) };
}

export type SchemePhaseName = "draft" | "upcoming" | "collecting" | "deliberating" | "voting" | "counting";

/** Timeline that puts a published scheme in `phase` at `now`. */
export function timelineFor(phase: SchemePhaseName, now = new Date()) {
  const t = now.getTime();
  const at = (offsetDays: number) => new Date(t + offsetDays * DAY);
  switch (phase) {
    case "draft":
    case "upcoming":
      return {
        collectionOpensAt: at(1),
        collectionClosesAt: at(15),
        votingOpensAt: at(20),
        votingClosesAt: at(27),
      };
    case "collecting":
      return {
        collectionOpensAt: at(-5),
        collectionClosesAt: at(10),
        votingOpensAt: at(15),
        votingClosesAt: at(22),
      };
    case "deliberating":
      return {
        collectionOpensAt: at(-20),
        collectionClosesAt: at(-5),
        votingOpensAt: at(3),
        votingClosesAt: at(10),
      };
    case "voting":
      return {
        collectionOpensAt: at(-30),
        collectionClosesAt: at(-15),
        votingOpensAt: at(-2),
        votingClosesAt: at(5),
      };
    case "counting":
      return {
        collectionOpensAt: at(-40),
        collectionClosesAt: at(-25),
        votingOpensAt: at(-10),
        votingClosesAt: at(-1),
      };
  }
}

type SchemeInsert = typeof livelihoodSchemes.$inferInsert;

/** A scheme on `areaId` (published unless phase is "draft"), budget ¥100,000 by default. */
export async function makeScheme(
  areaId: number,
  options: { phase?: SchemePhaseName; now?: Date } & Partial<SchemeInsert> = {},
) {
  const { phase = "collecting", now = new Date(), ...overrides } = options;
  const [row] = await db
    .insert(livelihoodSchemes)
    .values({
      areaId,
      title: "2027 测试街微实事",
      description: "测试用的民生实事项目征集。",
      status: phase === "draft" ? "draft" : "published",
      publishedAt: phase === "draft" ? null : new Date(now.getTime() - 40 * DAY),
      budgetMinor: 100_000_00,
      capServiceMinor: 50_000_00,
      capGoodsMinor: 50_000_00,
      capWorksMinor: 80_000_00,
      categories: ["elderly", "children", "environment", "safety", "facilities", "other"],
      exclusions: "物业管理职责范围内的事项；与政府已立项项目重复；个人或少数人受益。",
      supportThreshold: 3,
      supportWindowDays: 14,
      maxProposalsPerResident: 3,
      noticeDays: 7,
      votingMethod: "budget",
      countingRule: "greedy",
      ...timelineFor(phase, now),
      ...overrides,
    })
    .returning();
  return row!;
}

type ProposalInsert = typeof proposals.$inferInsert;

/** A proposal in `status` (published unless draft), ¥10,000 by default. */
export async function makeProposal(
  scheme: { id: string },
  author: { id: string },
  communityId: number,
  options: { status?: ProposalStatus } & Partial<ProposalInsert> = {},
) {
  const { status = "collecting", ...overrides } = options;
  const now = new Date();
  const [row] = await db
    .insert(proposals)
    .values({
      schemeId: scheme.id,
      authorId: author.id,
      title: "楼道加装扶手",
      body: "老人上下楼不方便，建议在三栋楼道加装扶手。",
      category: "elderly",
      type: "works",
      estimatedCostMinor: 10_000_00,
      communityId,
      address: "车陂路 1 号",
      status,
      publishedAt: status === "draft" ? null : now,
      supportDeadline: status === "draft" ? null : new Date(now.getTime() + 14 * DAY),
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * The usual cast: an area tree, a street-level scheme over street S, its street official, the
 * committee of community C, and three verified residents of C.
 */
export async function makeSchemeWorld(options: { phase?: SchemePhaseName } & Partial<SchemeInsert> = {}) {
  const tree = await makeAreaTree();
  const scheme = await makeScheme(tree.S.id, options);
  const official = await makeStaff("street_official", tree.S.id, "街道干部");
  const committee = await makeStaff("committee_member", tree.C.id, "居委委员");
  const residents = [
    await makeResident(tree.C.id, "居民甲"),
    await makeResident(tree.C.id, "居民乙"),
    await makeResident(tree.C.id, "居民丙"),
  ];
  /** A resident of community C3, in another street: outside the scheme's area. */
  const outsider = await makeResident(tree.C3.id, "外街居民");
  return { tree, scheme, official, committee, residents, outsider };
}
