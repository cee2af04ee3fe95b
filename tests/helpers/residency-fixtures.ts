import { encodeBase64url } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import type { Role } from "~/modules/accounts/roles";
import { createSession } from "~/modules/accounts/session.server";

let counter = 0;
const unique = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export type TestUser = { id: string; pseudonymSeed: string; displayName: string; email: string };

/** A person with no roles (no password: tests call the use-cases directly). */
export async function makeUser(displayName = "测试居民"): Promise<TestUser> {
  const email = `t-${unique()}@example.test`;
  const [user] = await db
    .insert(users)
    .values({
      email,
      displayName,
      pseudonymSeed: encodeBase64url(crypto.getRandomValues(new Uint8Array(32))),
    })
    .returning({ id: users.id, pseudonymSeed: users.pseudonymSeed, displayName: users.displayName });
  return { ...user!, pseudonymSeed: user!.pseudonymSeed!, email };
}

type Level = "city" | "district" | "street" | "community" | "grid";

async function addArea(
  code: string,
  level: Level,
  parent: { id: number; path: string; depth: number } | null,
  name: string,
) {
  const [row] = await db
    .insert(areas)
    .values({
      code,
      level,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? "/"}${code}/`,
      depth: parent ? parent.depth + 1 : 0,
      nameZhCn: name,
      nameZhHk: name,
      nameEn: name,
      isSample: level === "grid",
    })
    .returning({ id: areas.id, code: areas.code, path: areas.path, depth: areas.depth, level: areas.level });
  return row!;
}

export type TestArea = Awaited<ReturnType<typeof addArea>>;

/**
 * A private hierarchy with unique codes, so tests never depend on (or clash with) the Guangzhou data:
 * city › district › streets S, S2 › communities C, C2 (in S) and C3 (in S2) › grids G, G2 (in C), G3 (in C2).
 */
export async function makeAreaTree() {
  const p = `Z${unique()}`.slice(0, 12);
  const city = await addArea(`${p}`, "city", null, "测试市");
  const district = await addArea(`${p}D`, "district", city, "测试区");
  const S = await addArea(`${p}DS`, "street", district, "甲街道");
  const S2 = await addArea(`${p}DT`, "street", district, "乙街道");
  const C = await addArea(`${p}DSC`, "community", S, "甲社区");
  const C2 = await addArea(`${p}DSD`, "community", S, "乙社区");
  const C3 = await addArea(`${p}DTC`, "community", S2, "丙社区");
  const G = await addArea(`${p}DSC1`, "grid", C, "甲社区第1网格");
  const G2 = await addArea(`${p}DSC2`, "grid", C, "甲社区第2网格");
  const G3 = await addArea(`${p}DSD1`, "grid", C2, "乙社区第1网格");
  return { city, district, S, S2, C, C2, C3, G, G2, G3 };
}

export async function assignRole(
  userId: string,
  role: Role,
  areaId: number,
  extra: { organisationId?: string; gridId?: number } = {},
) {
  const [row] = await db
    .insert(roleAssignments)
    .values({
      userId,
      role,
      areaId,
      organisationId: extra.organisationId ?? null,
      gridId: extra.gridId ?? null,
    })
    .returning({ id: roleAssignments.id });
  return row!.id;
}

/** A person holding one role, with their active roles as the use-cases take them. */
export async function makeStaff(role: Role, areaId: number, displayName = "测试工作人员") {
  const user = await makeUser(displayName);
  await assignRole(user.id, role, areaId);
  return { ...user, roles: await listActiveRoles(user.id) };
}

export async function openSession(userId: string) {
  return createSession(db, { userId, kind: "resident" });
}

export async function residentRoles(userId: string) {
  return db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
}
