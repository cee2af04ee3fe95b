import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { organisations, roleAssignments, sessions, users } from "~db/schema/accounts";
import { auditEntries } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { makeAreaTree, makeStaff, makeUser, openSession } from "../../../tests/helpers/residency-fixtures";
import { grantRole } from "./grant-role.server";
import { revokeRole } from "./revoke-role.server";
import { findPersonByContact, listPersonRoles } from "./role-admin-queries.server";
import { validateSessionToken } from "./session.server";

let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let admin: Awaited<ReturnType<typeof makeStaff>>;
let street: Awaited<ReturnType<typeof makeStaff>>;
let ngoId: string;

beforeAll(async () => {
  tree = await makeAreaTree();
  admin = await makeStaff("platform_admin", tree.city.id, "系统管理员");
  street = await makeStaff("street_official", tree.S.id, "王科长");
  const [org] = await db
    .insert(organisations)
    .values({ kind: "ngo", name: "测试社工中心", areaId: tree.district.id, status: "verified" })
    .returning({ id: organisations.id });
  ngoId = org!.id;
});

describe("grantRole / revokeRole", () => {
  test("a grant is audited and ends every session of the person; so is a revocation", async () => {
    const person = await makeUser("新委员");
    const first = await openSession(person.id);
    const second = await openSession(person.id);
    const { assignmentId } = await grantRole({
      actor: street,
      actorRoles: street.roles,
      targetUserId: person.id,
      role: "committee_member",
      areaCode: tree.C.code,
      meta: { ip: "198.51.100.7", userAgent: "test" },
    });
    expect(await validateSessionToken(first.token)).toBeNull();
    expect(await validateSessionToken(second.token)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0);
    const [granted] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, assignmentId));
    expect(granted).toMatchObject({
      action: "role.granted",
      actorUserId: street.id,
      areaId: tree.C.id,
      ip: "198.51.100.7",
    });
    expect(granted?.after).toMatchObject({
      userId: person.id,
      role: "committee_member",
      areaCode: tree.C.code,
    });
    expect((await listPersonRoles(person.id)).map((r) => r.role)).toEqual(["committee_member"]);

    const third = await openSession(person.id);
    await revokeRole({ actor: street, actorRoles: street.roles, assignmentId, reason: "换届" });
    expect(await validateSessionToken(third.token)).toBeNull();
    const [row] = await db.select().from(roleAssignments).where(eq(roleAssignments.id, assignmentId));
    expect(row?.revokedBy).toBe(street.id);
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, assignmentId));
    expect(audits.map((a) => [a.action, a.reason])).toEqual([
      ["role.granted", null],
      ["role.revoked", "换届"],
    ]);
    expect(await listPersonRoles(person.id)).toEqual([]);
    await expect(
      revokeRole({ actor: street, actorRoles: street.roles, assignmentId, reason: "again" }),
    ).rejects.toMatchObject({ status: 409 });
  });

  test("scope: a street official cannot grant outside their street, nor roles above them; nothing is written", async () => {
    const person = await makeUser();
    const session = await openSession(person.id);
    const attempts = [
      { role: "committee_member", areaCode: tree.C3.code, reason: "admin:errors.areaOutsideScope" },
      { role: "street_official", areaCode: tree.S.code, reason: "admin:errors.roleOutsideRights" },
      { role: "platform_admin", areaCode: tree.city.code, reason: "admin:errors.onlyAdminGrantsAdmin" },
      { role: "grid_worker", areaCode: tree.C.code, reason: "admin:errors.wrongLevel" },
      { role: "resident", areaCode: tree.C.code, reason: "admin:errors.residentThroughVerification" },
    ] as const;
    for (const a of attempts) {
      await expect(
        grantRole({
          actor: street,
          actorRoles: street.roles,
          targetUserId: person.id,
          role: a.role,
          areaCode: a.areaCode,
        }),
      ).rejects.toMatchObject({ code: a.reason, status: 403 });
    }
    await expect(
      grantRole({
        actor: street,
        actorRoles: street.roles,
        targetUserId: person.id,
        role: "grid_worker",
        areaCode: "nope",
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await listPersonRoles(person.id)).toEqual([]);
    expect(await validateSessionToken(session.token)).not.toBeNull();
  });

  test("a committee member cannot use role administration at all", async () => {
    const committee = await makeStaff("committee_member", tree.C.id);
    const person = await makeUser();
    await expect(
      grantRole({
        actor: committee,
        actorRoles: committee.roles,
        targetUserId: person.id,
        role: "grid_worker",
        areaCode: tree.G.code,
      }),
    ).rejects.toMatchObject({ status: 403 });
  });

  test("NGO roles need an NGO; other roles refuse one", async () => {
    const person = await makeUser();
    await expect(
      grantRole({
        actor: admin,
        actorRoles: admin.roles,
        targetUserId: person.id,
        role: "ngo_admin",
        areaCode: tree.district.code,
      }),
    ).rejects.toMatchObject({ code: "admin:errors.organisationRequired" });
    await expect(
      grantRole({
        actor: admin,
        actorRoles: admin.roles,
        targetUserId: person.id,
        role: "expert_reviewer",
        areaCode: tree.city.code,
        organisationId: ngoId,
      }),
    ).rejects.toMatchObject({ code: "admin:errors.organisationOnlyForNgo" });
    await expect(
      grantRole({
        actor: admin,
        actorRoles: admin.roles,
        targetUserId: person.id,
        role: "ngo_admin",
        areaCode: tree.district.code,
        organisationId: "00000000-0000-4000-8000-000000000000",
      }),
    ).rejects.toMatchObject({ status: 404 });
    const { organisation } = await grantRole({
      actor: admin,
      actorRoles: admin.roles,
      targetUserId: person.id,
      role: "ngo_admin",
      areaCode: tree.district.code,
      organisationId: ngoId,
    });
    expect(organisation?.id).toBe(ngoId);
    expect((await listPersonRoles(person.id))[0]).toMatchObject({
      role: "ngo_admin",
      organisationName: "测试社工中心",
    });
  });

  test("the same role twice is refused; nobody grants or revokes their own roles", async () => {
    const person = await makeUser();
    await grantRole({
      actor: admin,
      actorRoles: admin.roles,
      targetUserId: person.id,
      role: "expert_reviewer",
      areaCode: tree.city.code,
    });
    await expect(
      grantRole({
        actor: admin,
        actorRoles: admin.roles,
        targetUserId: person.id,
        role: "expert_reviewer",
        areaCode: tree.city.code,
      }),
    ).rejects.toMatchObject({ code: "admin:errors.alreadyHeld", status: 409 });
    await expect(
      grantRole({
        actor: admin,
        actorRoles: admin.roles,
        targetUserId: admin.id,
        role: "expert_reviewer",
        areaCode: tree.city.code,
      }),
    ).rejects.toMatchObject({ code: "admin:errors.notOnYourself" });
    await expect(
      revokeRole({ actor: admin, actorRoles: admin.roles, assignmentId: admin.roles[0]!.id, reason: "x" }),
    ).rejects.toMatchObject({
      code: "admin:errors.notOnYourself",
    });
  });

  test("revocation is scope-checked: another street's official cannot revoke", async () => {
    const person = await makeUser();
    const { assignmentId } = await grantRole({
      actor: street,
      actorRoles: street.roles,
      targetUserId: person.id,
      role: "grid_worker",
      areaCode: tree.G.code,
    });
    const otherStreet = await makeStaff("street_official", tree.S2.id);
    await expect(
      revokeRole({ actor: otherStreet, actorRoles: otherStreet.roles, assignmentId, reason: "越权" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      revokeRole({ actor: street, actorRoles: street.roles, assignmentId: "forged", reason: "x" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await listPersonRoles(person.id)).toHaveLength(1);
  });

  test("finding a person by email or phone", async () => {
    const person = await makeUser("找人");
    expect((await findPersonByContact(person.email.toUpperCase()))?.id).toBe(person.id);
    await db.update(users).set({ phone: "+8613900001111" }).where(eq(users.id, person.id));
    expect((await findPersonByContact("139 0000 1111"))?.id).toBe(person.id);
    expect(await findPersonByContact("not a contact")).toBeNull();
  });
});
