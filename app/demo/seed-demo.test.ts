import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { expect, test } from "vitest";
import { organisations, residencyRequests, roleAssignments, sessions, users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { logIn } from "~/modules/accounts/log-in.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { demoAccounts, demoOrganisation, demoPassword } from "./demo-accounts";
import { seedDemo } from "./seed-demo.server";

const emails = demoAccounts.map((a) => a.email);

async function tableCounts() {
  const n = async (
    table:
      | typeof users
      | typeof roleAssignments
      | typeof auditEntries
      | typeof participationEvents
      | typeof residencyRequests
      | typeof organisations,
  ) => (await db.select({ n: count() }).from(table))[0]!.n;
  return {
    users: await n(users),
    roles: await n(roleAssignments),
    audit: await n(auditEntries),
    events: await n(participationEvents),
    requests: await n(residencyRequests),
    organisations: await n(organisations),
  };
}

test("the demo seed creates one account per role in a 天河区 community, through the real use-cases, once", async () => {
  // The test template carries the Guangzhou areas (with sample grids).
  expect(await getAreaByCode("440106")).not.toBeNull();
  const lines: string[] = [];
  await seedDemo({ log: (line) => lines.push(line) });
  expect(lines.join("\n")).toContain("resident@demo.kapok.city");
  expect(lines.join("\n")).toContain(demoPassword);

  const people = await db.select().from(users).where(inArray(users.email, emails));
  expect(people).toHaveLength(demoAccounts.length);
  const byEmail = new Map(people.map((p) => [p.email!, p]));
  const roleRows = await db
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      areaCode: areas.code,
      areaLevel: areas.level,
      areaName: areas.nameZhCn,
      areaPath: areas.path,
      gridId: roleAssignments.gridId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .innerJoin(areas, eq(areas.id, roleAssignments.areaId))
    .where(
      and(
        inArray(
          roleAssignments.userId,
          people.map((p) => p.id),
        ),
        isNull(roleAssignments.revokedAt),
      ),
    );
  for (const account of demoAccounts) {
    const mine = roleRows.filter((r) => r.userId === byEmail.get(account.email)!.id);
    expect(
      mine.map((r) => r.role),
      account.key,
    ).toEqual(account.role ? [account.role] : []);
  }
  const roleOf = (key: string) =>
    roleRows.find((r) => r.userId === byEmail.get(`${key}@demo.kapok.city`)!.id)!;
  const community = roleOf("committee");
  expect(community.areaLevel).toBe("community");
  expect(community.areaPath.startsWith("/4401/440106/")).toBe(true);
  expect(roleOf("street").areaName).toContain("车陂");
  expect(community.areaPath.startsWith(roleOf("street").areaPath)).toBe(true);
  expect(roleOf("resident").areaCode).toBe(community.areaCode);
  expect(roleOf("resident").gridId).not.toBeNull();
  expect(roleOf("gridworker").areaPath.startsWith(community.areaPath)).toBe(true);
  expect(roleOf("district").areaCode).toBe("440106");
  expect(roleOf("city").areaCode).toBe("4401");
  expect(roleOf("admin").areaCode).toBe("4401");
  expect(roleOf("reviewer").areaLevel).toBe("city");
  const [org] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.id, roleOf("ngo").organisationId!));
  expect(org).toMatchObject({
    name: demoOrganisation.name,
    kind: "ngo",
    status: "verified",
    creditCode: null,
  });

  // The newcomer waits with a message; the resident's request was approved.
  const requests = await db
    .select()
    .from(residencyRequests)
    .where(
      inArray(
        residencyRequests.userId,
        people.map((p) => p.id),
      ),
    );
  const newcomer = requests.find((r) => r.userId === byEmail.get("newcomer@demo.kapok.city")!.id);
  expect(newcomer).toMatchObject({ status: "pending" });
  expect(newcomer?.message).toBeTruthy();
  expect(requests.find((r) => r.userId === byEmail.get("resident@demo.kapok.city")!.id)?.status).toBe(
    "approved",
  );

  // Written as real use would have written them.
  const actions = (await db.select({ action: auditEntries.action }).from(auditEntries)).map((a) => a.action);
  expect(actions.filter((a) => a === "role.granted")).toHaveLength(11);
  expect(actions).toContain("residency.approved");
  const kinds = (await db.select({ kind: participationEvents.kind }).from(participationEvents)).map(
    (e) => e.kind,
  );
  expect(kinds.filter((k) => k === "account.registered")).toHaveLength(demoAccounts.length);
  expect(kinds.filter((k) => k === "residency.requested")).toHaveLength(4);
  expect(kinds.filter((k) => k === "residency.verified")).toHaveLength(3);
  expect(
    await db
      .select()
      .from(sessions)
      .where(
        inArray(
          sessions.userId,
          people.map((p) => p.id),
        ),
      ),
  ).toHaveLength(0);

  // Idempotent: a second run changes nothing.
  const before = await tableCounts();
  await seedDemo({ log: () => {} });
  expect(await tableCounts()).toEqual(before);
});

test("every demo account can log in with the demo password", async () => {
  await seedDemo({ log: () => {} });
  for (const account of demoAccounts.slice(0, 3)) {
    const result = await logIn({
      identifier: account.email,
      password: demoPassword,
      ip: null,
      userAgent: "vitest",
    });
    expect(result, account.email).toBeTruthy();
  }
});
