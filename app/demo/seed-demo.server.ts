import { and, asc, eq, inArray, like } from "drizzle-orm";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { decideResidency } from "~/modules/accounts/decide-residency.server";
import { grantRole } from "~/modules/accounts/grant-role.server";
import { registerAccount } from "~/modules/accounts/register.server";
import { requestResidency } from "~/modules/accounts/request-residency.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import type { Role } from "~/modules/accounts/roles";
import { invalidateUserSessions } from "~/modules/accounts/session.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { getAreaByCode, getAreaById, type AreaSummary } from "~/modules/geography/queries.server";
import {
  demoAccounts,
  demoOrganisation,
  demoOrganisation2,
  demoPassword,
  type DemoAccount,
} from "./demo-accounts";

const TIANHE = "440106";

async function firstChild(parentId: number, level: "street" | "community" | "grid", nameLike?: string) {
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(
      and(
        eq(areas.parentId, parentId),
        eq(areas.level, level),
        nameLike ? like(areas.nameZhCn, nameLike) : undefined,
      ),
    )
    .orderBy(asc(areas.code))
    .limit(1);
  return row ? getAreaById(row.id) : null;
}

/**
 * Where the demo lives: a real community of 天河区 under 车陂街道 (preferring one named after 车陂), or
 * failing that the first community of 天河区; grid 1 of it is a generated sample grid.
 */
async function demoPlace() {
  const district = await getAreaByCode(TIANHE);
  if (!district?.parentId)
    throw new Error("kapok: the demo needs the Guangzhou areas (天河区 440106); seed the areas first");
  const cityArea = await getAreaById(district.parentId);
  let street = await firstChild(district.id, "street", "%车陂%");
  let community = street
    ? ((await firstChild(street.id, "community", "%车陂%")) ?? (await firstChild(street.id, "community")))
    : null;
  if (!community) {
    const [row] = await db
      .select({ id: areas.id })
      .from(areas)
      .where(and(eq(areas.level, "community"), like(areas.path, `${district.path}%`)))
      .orderBy(asc(areas.code))
      .limit(1);
    community = row ? await getAreaById(row.id) : null;
    street = community?.parentId ? await getAreaById(community.parentId) : null;
  }
  const grid = community ? await firstChild(community.id, "grid") : null;
  if (!cityArea || !street || !community || !grid) {
    throw new Error(
      "kapok: the demo needs a community of 天河区 with at least one grid; seed the areas first",
    );
  }
  return { city: cityArea, district, street, community, grid };
}

function formatTable(rows: string[][]) {
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffdc]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  return rows.map((r) =>
    `  ${r.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join("  ")}`.trimEnd(),
  );
}

/**
 * One account per role in one 天河区 community, made through the real use-cases so their events and audit
 * entries are what real use would have written. Idempotent: does nothing when the demo accounts exist.
 */
export async function seedDemo({ log }: { log: (line: string) => void }) {
  const existing = await db
    .select({ email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        demoAccounts.map((a) => a.email),
      ),
    );
  if (existing.length > 0) {
    if (existing.length < demoAccounts.length)
      log(
        `kapok: ${existing.length} of ${demoAccounts.length} demo accounts exist; leaving them as they are`,
      );
    return;
  }
  const place = await demoPlace();

  const ids = new Map<string, { id: string; pseudonymSeed: string }>();
  for (const account of demoAccounts) {
    const { userId } = await registerAccount({
      identifier: account.email,
      password: demoPassword,
      displayName: account.displayName,
      locale: "zh-CN",
      ip: null,
      userAgent: null,
    });
    // The registration's own session is of no use to anyone.
    await invalidateUserSessions(db, userId);
    const [row] = await db
      .select({ pseudonymSeed: users.pseudonymSeed })
      .from(users)
      .where(eq(users.id, userId));
    ids.set(account.key, { id: userId, pseudonymSeed: row!.pseudonymSeed! });
  }
  const idOf = (key: string) => ids.get(key)!;

  // The first platform administrator cannot be granted by anyone: it is installed, and audited as such.
  const admin = idOf("admin");
  await db.transaction(async (tx) => {
    const [assignment] = await tx
      .insert(roleAssignments)
      .values({ userId: admin.id, role: "platform_admin", areaId: place.city.id })
      .returning({ id: roleAssignments.id });
    await recordAudit(tx, {
      actorUserId: null,
      action: "role.granted",
      subjectType: "role_assignment",
      subjectId: assignment!.id,
      areaId: place.city.id,
      after: { userId: admin.id, role: "platform_admin", areaCode: place.city.code },
      reason: "demo seed: first platform administrator",
    });
  });

  const [organisation] = await db
    .insert(organisations)
    .values({
      kind: "ngo",
      name: demoOrganisation.name,
      nameEn: demoOrganisation.nameEn,
      creditCode: null,
      areaId: place.district.id,
      status: "verified",
    })
    .returning({ id: organisations.id });
  // The second NGO has registered and waits for the district's verification (the funding demo gives it).
  const [organisation2] = await db
    .insert(organisations)
    .values({
      kind: "ngo",
      name: demoOrganisation2.name,
      nameEn: demoOrganisation2.nameEn,
      creditCode: null,
      areaId: place.district.id,
      status: "pending",
      createdBy: idOf("ngo2").id,
    })
    .returning({ id: organisations.id });

  const adminRoles = await listActiveRoles(admin.id);
  const grants: Array<[string, Role, AreaSummary, string | null]> = [
    ["city", "city_official", place.city, null],
    ["district", "district_official", place.district, null],
    ["street", "street_official", place.street, null],
    ["committee", "committee_member", place.community, null],
    ["gridworker", "grid_worker", place.grid, null],
    ["reviewer", "expert_reviewer", place.city, null],
    ["reviewer2", "expert_reviewer", place.city, null],
    ["reviewer3", "expert_reviewer", place.city, null],
    ["ngo", "ngo_admin", place.district, organisation!.id],
    ["ngo2", "ngo_admin", place.district, organisation2!.id],
  ];
  for (const [key, role, area, organisationId] of grants) {
    await grantRole({
      actor: admin,
      actorRoles: adminRoles,
      targetUserId: idOf(key).id,
      role,
      areaCode: area.code,
      organisationId,
    });
  }

  // The residents asked and the committee approved; the newcomer has asked and waits.
  const committee = idOf("committee");
  const committeeRoles = await listActiveRoles(committee.id);
  const homes: Record<string, string> = {
    resident: "5栋3单元802",
    neighbour: "5栋1单元301",
    neighbour2: "Block 7, flat 1504",
  };
  for (const account of demoAccounts.filter((a) => a.role === "resident")) {
    const asked = await requestResidency({
      actor: idOf(account.key),
      communityCode: place.community.code,
      gridCode: place.grid.code,
      message: homes[account.key] ?? null,
    });
    await decideResidency({
      actor: committee,
      actorRoles: committeeRoles,
      requestId: asked.id,
      decision: "approve",
    });
  }
  await requestResidency({
    actor: idOf("newcomer"),
    communityCode: place.community.code,
    message: "上个月刚搬来，住8栋1202",
  });

  const areaOf: Record<string, AreaSummary> = {
    resident: place.grid,
    neighbour: place.grid,
    neighbour2: place.grid,
    newcomer: place.community,
    committee: place.community,
    gridworker: place.grid,
    street: place.street,
    district: place.district,
    city: place.city,
    ngo: place.district,
    ngo2: place.district,
    reviewer: place.city,
    reviewer2: place.city,
    reviewer3: place.city,
    admin: place.city,
  };
  const table = [
    ["email", "role", "name", "area"],
    ...demoAccounts.map((a: DemoAccount) => [
      a.email,
      a.role ?? "(pending request)",
      a.displayName,
      `${areaOf[a.key]!.nameZhCn} ${areaOf[a.key]!.code}`,
    ]),
  ];
  log(
    `kapok: demo accounts created in ${place.district.nameZhCn} ${place.street.nameZhCn} ${place.community.nameZhCn} (password: ${demoPassword})`,
  );
  for (const line of formatTable(table)) log(line);
}
