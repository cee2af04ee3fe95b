import { and, asc, count, countDistinct, eq } from "drizzle-orm";
import { roleAssignments, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { registerAccount } from "~/modules/accounts/register.server";
import type { Role } from "~/modules/accounts/roles";

let serial = 0;

/** A fresh mainland mobile number per call, typed the way people type them. */
export function uniquePhone() {
  serial += 1;
  const digits = `${(Date.now() % 1e6).toString().padStart(6, "0")}${(serial % 100).toString().padStart(2, "0")}`;
  return `139 ${digits.slice(0, 4)} ${digits.slice(4, 8)}`;
}

export function uniqueEmail() {
  serial += 1;
  return `Person.${Date.now().toString(36)}${serial}@Example.test`;
}

/** A per-test address, so per-IP limits of one test never touch another. */
export function uniqueIp() {
  serial += 1;
  return `10.${Math.floor(Math.random() * 250)}.${serial % 250}.${Math.floor(Math.random() * 250)}`;
}

/** The area registrations are counted in; creates a city when the template has none. */
export async function rootCity() {
  const [city] = await db
    .select({ id: areas.id, code: areas.code })
    .from(areas)
    .where(eq(areas.level, "city"))
    .orderBy(asc(areas.depth), asc(areas.code))
    .limit(1);
  if (city) return city;
  const [made] = await db
    .insert(areas)
    .values({ code: "4401", level: "city", path: "/4401/", depth: 0, nameZhCn: "广州市", nameZhHk: "廣州市", nameEn: "Guangzhou" })
    .returning({ id: areas.id, code: areas.code });
  return made!;
}

/** A community under the root city, for roles and residency requests. */
export async function makeCommunity(name = "测试社区") {
  const city = await rootCity();
  serial += 1;
  const code = `${city.code}T${Date.now().toString(36)}${serial}`;
  const [row] = await db
    .insert(areas)
    .values({ code, level: "community", parentId: city.id, path: `/${city.code}/${code}/`, depth: 3, nameZhCn: name, nameZhHk: name, nameEn: "Test community" })
    .returning({ id: areas.id, code: areas.code });
  return row!;
}

export const PASSWORD = "correct horse battery";

/** Registers a person through the real use-case (no IP: registration limits stay out of the way). */
export async function registerPerson(options: { identifier?: string; password?: string; displayName?: string } = {}) {
  await rootCity();
  const identifier = options.identifier ?? uniquePhone();
  const result = await registerAccount({
    identifier,
    password: options.password ?? PASSWORD,
    displayName: options.displayName ?? "测试居民",
    ip: null,
    userAgent: "vitest",
  });
  const [user] = await db.select().from(users).where(eq(users.id, result.userId));
  return { ...result, identifier, user: user! };
}

export async function grantRole(userId: string, role: Role, areaId: number) {
  await db.insert(roleAssignments).values({ userId, role, areaId });
}

export async function ledgerCounts() {
  const [row] = await db
    .select({ events: count(), pseudonyms: countDistinct(participationEvents.actorPseudonym) })
    .from(participationEvents);
  return row!;
}

export async function eventsOf(kind: string, areaId: number) {
  const [row] = await db
    .select({ n: count() })
    .from(participationEvents)
    .where(and(eq(participationEvents.kind, kind), eq(participationEvents.areaId, areaId)));
  return row!.n;
}
