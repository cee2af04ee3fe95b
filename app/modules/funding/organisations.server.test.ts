import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { auditEntries } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { organisationServiceAreas } from "~db/schema/funding";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { makeFundingAreas } from "../../../tests/helpers/funding-fixtures";
import {
  memoryStorage,
  organisationDetails,
  pdfFile,
  textFile,
  validCreditCode,
  withWrongCheck,
} from "../../../tests/helpers/funding-organisations-fixtures";
import { makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import { recordDeclaration } from "./organisation-declarations.server";
import { answerInvitation, inviteMember, removeMember } from "./organisation-members.server";
import {
  latestDeclaration,
  listInvitationsFor,
  listMembers,
  listReviewQueue,
  loadVisibleOrganisation,
} from "./organisation-queries.server";
import { registerOrganisation, updateOrganisation } from "./organisation-register.server";
import { decideOrganisation, resubmitOrganisation } from "./organisation-verify.server";

type Areas = Awaited<ReturnType<typeof makeFundingAreas>>;
let areas: Areas;
let otherAreas: Areas;

beforeAll(async () => {
  areas = await makeFundingAreas();
  otherAreas = await makeFundingAreas();
});

async function refusal(p: Promise<unknown>) {
  const r = await p.then(
    () => null,
    (error: unknown) => error,
  );
  if (!isDomainError(r)) throw r ?? new Error("not refused");
  return { code: r.code, status: r.status };
}

const rolesOf = (userId: string) => listActiveRoles(userId);

async function register(overrides: Parameters<typeof organisationDetails>[2] = {}) {
  const person = await makeUser("机构发起人");
  const { storage, files } = memoryStorage();
  const { id } = await registerOrganisation({
    actor: person,
    details: organisationDetails(areas.district.code, [areas.district.code, areas.street.code], overrides),
    certificate: [pdfFile()],
    storage,
  });
  return { id, person, files };
}

describe("registering an organisation", () => {
  test("a valid registration: pending, the registrant is its admin in its area, certificate stored", async () => {
    const { id, person, files } = await register();
    const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
    expect(org).toMatchObject({
      status: "pending",
      kind: "ngo",
      areaId: areas.district.id,
      createdBy: person.id,
    });
    const roles = await rolesOf(person.id);
    expect(roles.map((r) => [r.role, r.areaId, r.organisationId])).toEqual([
      ["ngo_admin", areas.district.id, id],
    ]);
    const served = await db
      .select()
      .from(organisationServiceAreas)
      .where(eq(organisationServiceAreas.organisationId, id));
    expect(served.map((s) => s.areaId).sort()).toEqual([areas.district.id, areas.street.id].sort());
    const certs = await db.select().from(attachments).where(eq(attachments.subjectId, id));
    expect(certs.map((c) => [c.subjectType, c.mimeType])).toEqual([
      ["organisation_certificate", "application/pdf"],
    ]);
    expect(files.size).toBe(1);
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(["role.granted"]);
  });

  test("a code typed in lower case with spaces is stored normalised", async () => {
    const code = validCreditCode();
    const { id } = await register({ creditCode: ` ${code.slice(0, 9).toLowerCase()} ${code.slice(9)} ` });
    const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
    expect(org!.creditCode).toBe(code);
  });

  test("a wrong check character, a wrong length, a bad character: refused, nothing written", async () => {
    const before = await db.select({ id: organisations.id }).from(organisations);
    const person = await makeUser();
    const attempt = (creditCode: string) =>
      refusal(
        registerOrganisation({
          actor: person,
          details: organisationDetails(areas.district.code, [areas.street.code], { creditCode }),
          certificate: [pdfFile()],
          storage: memoryStorage().storage,
        }),
      );
    expect(await attempt(withWrongCheck(validCreditCode()))).toEqual({
      code: "organisations:errors.creditCodeCheck",
      status: 422,
    });
    expect(await attempt("91350100M000100Y4")).toMatchObject({
      code: "organisations:errors.creditCodeLength",
    });
    expect(await attempt("91350100M000100I43")).toMatchObject({
      code: "organisations:errors.creditCodeCharacter",
    });
    expect(await db.select({ id: organisations.id }).from(organisations)).toHaveLength(before.length);
    expect(await rolesOf(person.id)).toEqual([]);
  });

  test("a duplicate code gets a clear message", async () => {
    const code = validCreditCode();
    await register({ creditCode: code });
    expect(await refusal(register({ creditCode: code }))).toEqual({
      code: "organisations:errors.duplicateCode",
      status: 409,
    });
  });

  test("a parallel double submission makes one organisation; the other is told it is a duplicate", async () => {
    const code = validCreditCode();
    const person = await makeUser();
    const { storage, files } = memoryStorage();
    const submit = () =>
      registerOrganisation({
        actor: person,
        details: organisationDetails(areas.district.code, [areas.street.code], { creditCode: code }),
        certificate: [pdfFile()],
        storage,
      }).then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
    const results = await Promise.all([submit(), submit()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok)!;
    expect(isDomainError(failed.e) && failed.e.code).toBe("organisations:errors.duplicateCode");
    expect(await db.select().from(organisations).where(eq(organisations.creditCode, code))).toHaveLength(1);
    expect((await rolesOf(person.id)).filter((r) => r.role === "ngo_admin")).toHaveLength(1);
    expect(files.size).toBe(1);
  });

  test("the certificate is required and must be a PDF, JPEG or PNG by its bytes", async () => {
    const person = await makeUser();
    const details = organisationDetails(areas.district.code, [areas.street.code]);
    expect(
      await refusal(
        registerOrganisation({ actor: person, details, certificate: [], storage: memoryStorage().storage }),
      ),
    ).toMatchObject({ code: "organisations:errors.certificateRequired" });
    expect(
      await refusal(
        registerOrganisation({
          actor: person,
          details,
          certificate: [textFile()],
          storage: memoryStorage().storage,
        }),
      ),
    ).toMatchObject({ code: "proposals:errors.fileType" });
  });

  test("the area must be the city or a district; service areas districts or streets", async () => {
    const person = await makeUser();
    const attempt = (area: string, served: string[]) =>
      refusal(
        registerOrganisation({
          actor: person,
          details: organisationDetails(area, served),
          certificate: [pdfFile()],
          storage: memoryStorage().storage,
        }),
      );
    expect(await attempt(areas.street.code, [areas.street.code])).toMatchObject({
      code: "organisations:errors.pickArea",
    });
    expect(await attempt(areas.district.code, [areas.community.code])).toMatchObject({
      code: "organisations:errors.pickServiceAreas",
    });
    expect(await attempt(areas.district.code, ["NOPE"])).toMatchObject({
      code: "organisations:errors.pickServiceAreas",
    });
  });
});

describe("editing", () => {
  test("an admin edits (audited); the code may change while pending but not once verified", async () => {
    const { id, person } = await register();
    const roles = await rolesOf(person.id);
    const newCode = validCreditCode();
    await updateOrganisation({
      actor: person,
      actorRoles: roles,
      organisationId: id,
      details: organisationDetails(areas.district.code, [areas.street.code], {
        creditCode: newCode,
        name: "越秀长者服务中心（改名）",
      }),
      storage: memoryStorage().storage,
    });
    const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
    expect(org).toMatchObject({ creditCode: newCode, name: "越秀长者服务中心（改名）" });
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "organisation.updated")));
    expect(audit!.after).toMatchObject({ creditCode: newCode, name: "越秀长者服务中心（改名）" });

    const city = await makeStaff("city_official", areas.city.id);
    await decideOrganisation({ actor: city, actorRoles: city.roles, organisationId: id, decision: "verify" });
    expect(
      await refusal(
        updateOrganisation({
          actor: person,
          actorRoles: roles,
          organisationId: id,
          details: organisationDetails(areas.district.code, [areas.street.code]),
          storage: memoryStorage().storage,
        }),
      ),
    ).toEqual({ code: "organisations:errors.creditCodeLocked", status: 409 });
    // The same code (or none) is fine.
    await updateOrganisation({
      actor: person,
      actorRoles: roles,
      organisationId: id,
      details: { ...organisationDetails(areas.district.code, [areas.street.code]), creditCode: undefined },
      storage: memoryStorage().storage,
    });
  });

  test("a member who is not an admin cannot edit; a stranger gets 404 for a pending organisation", async () => {
    const { id, person } = await register();
    const member = await makeUser("普通成员");
    await inviteMember({
      actor: person,
      actorRoles: await rolesOf(person.id),
      organisationId: id,
      identifier: member.email,
      role: "member",
    });
    const [inv] = await listInvitationsFor({ email: member.email, phone: null });
    await answerInvitation({ actor: { ...member, phone: null }, invitationId: inv!.id, accept: true });
    const details = organisationDetails(areas.district.code, [areas.street.code]);
    expect(
      await refusal(
        updateOrganisation({
          actor: member,
          actorRoles: await rolesOf(member.id),
          organisationId: id,
          details,
        }),
      ),
    ).toEqual({ code: "organisations:errors.notAdmin", status: 403 });
    const stranger = await makeUser();
    expect(
      await refusal(updateOrganisation({ actor: stranger, actorRoles: [], organisationId: id, details })),
    ).toEqual({ code: "organisations:errors.notFound", status: 404 });
  });
});

describe("members", () => {
  test("invite by e-mail, accept (role granted), remove (revoked); last admin guarded", async () => {
    const { id, person: admin } = await register();
    const adminRoles = await rolesOf(admin.id);
    const invitee = await makeUser("新成员");
    await inviteMember({
      actor: admin,
      actorRoles: adminRoles,
      organisationId: id,
      identifier: `  ${invitee.email.toUpperCase()} `,
      role: "admin",
    });
    // One open invitation per person.
    expect(
      await refusal(
        inviteMember({
          actor: admin,
          actorRoles: adminRoles,
          organisationId: id,
          identifier: invitee.email,
          role: "member",
        }),
      ),
    ).toMatchObject({ code: "organisations:errors.alreadyInvited" });
    const [note] = await db.select().from(notifications).where(eq(notifications.userId, invitee.id));
    expect(note).toMatchObject({
      kind: "organisations:notifications.invited",
      href: "/organisations/invitations",
    });

    const mine = await listInvitationsFor({ email: invitee.email, phone: null });
    expect(mine).toHaveLength(1);
    // Someone else cannot accept it.
    const other = await makeUser();
    expect(
      await refusal(
        answerInvitation({ actor: { ...other, phone: null }, invitationId: mine[0]!.id, accept: true }),
      ),
    ).toMatchObject({ code: "organisations:errors.invitationNotFound", status: 404 });
    await answerInvitation({ actor: { ...invitee, phone: null }, invitationId: mine[0]!.id, accept: true });
    const inviteeRoles = await rolesOf(invitee.id);
    expect(inviteeRoles.map((r) => [r.role, r.organisationId, r.areaId])).toEqual([
      ["ngo_admin", id, areas.district.id],
    ]);
    expect(await listInvitationsFor({ email: invitee.email, phone: null })).toEqual([]);

    const members = await listMembers(id);
    expect(members).toHaveLength(2);
    // Two admins: one may remove the other, but not the last one.
    const adminRow = members.find((m) => m.userId === admin.id)!;
    const inviteeRow = members.find((m) => m.userId === invitee.id)!;
    await removeMember({
      actor: admin,
      actorRoles: adminRoles,
      organisationId: id,
      assignmentId: inviteeRow.assignmentId,
    });
    expect(await rolesOf(invitee.id)).toEqual([]);
    expect(
      await refusal(
        removeMember({
          actor: admin,
          actorRoles: adminRoles,
          organisationId: id,
          assignmentId: adminRow.assignmentId,
        }),
      ),
    ).toEqual({ code: "organisations:errors.lastAdmin", status: 409 });
    const audit = await db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["organisation.member_invited", "role.granted", "organisation.member_removed"]),
    );
  });

  test("invite by phone (normalised), decline", async () => {
    const { id, person: admin } = await register();
    const invitee = await makeUser();
    await db.execute(`update users set phone = '+8613912345678' where id = '${invitee.id}'`);
    await inviteMember({
      actor: admin,
      actorRoles: await rolesOf(admin.id),
      organisationId: id,
      identifier: "139 1234 5678",
      role: "member",
    });
    const [inv] = await listInvitationsFor({ email: null, phone: "+8613912345678" });
    expect(inv).toMatchObject({ organisationId: id, role: "ngo_member" });
    await answerInvitation({
      actor: { ...invitee, phone: "+8613912345678" },
      invitationId: inv!.id,
      accept: false,
    });
    expect(await rolesOf(invitee.id)).toEqual([]);
    expect(await listInvitationsFor({ email: null, phone: "+8613912345678" })).toEqual([]);
  });

  test("a bad identifier; a non-admin member cannot invite or remove", async () => {
    const { id, person: admin } = await register();
    const adminRoles = await rolesOf(admin.id);
    expect(
      await refusal(
        inviteMember({
          actor: admin,
          actorRoles: adminRoles,
          organisationId: id,
          identifier: "12345",
          role: "member",
        }),
      ),
    ).toMatchObject({ code: "organisations:errors.badIdentifier", status: 422 });
    const member = await makeUser();
    await inviteMember({
      actor: admin,
      actorRoles: adminRoles,
      organisationId: id,
      identifier: member.email,
      role: "member",
    });
    const [inv] = await listInvitationsFor({ email: member.email, phone: null });
    await answerInvitation({ actor: { ...member, phone: null }, invitationId: inv!.id, accept: true });
    const memberRoles = await rolesOf(member.id);
    const outsider = await makeUser();
    expect(
      await refusal(
        inviteMember({
          actor: member,
          actorRoles: memberRoles,
          organisationId: id,
          identifier: outsider.email,
          role: "admin",
        }),
      ),
    ).toEqual({ code: "organisations:errors.notAdmin", status: 403 });
    const adminRow = (await listMembers(id)).find((m) => m.userId === admin.id)!;
    expect(
      await refusal(
        removeMember({
          actor: member,
          actorRoles: memberRoles,
          organisationId: id,
          assignmentId: adminRow.assignmentId,
        }),
      ),
    ).toEqual({ code: "organisations:errors.notAdmin", status: 403 });
    // An assignment of another organisation is not found here.
    const other = await register();
    const otherAdmin = (await listMembers(other.id)).find((m) => m.userId === other.person.id)!;
    expect(
      await refusal(
        removeMember({
          actor: admin,
          actorRoles: adminRoles,
          organisationId: id,
          assignmentId: otherAdmin.assignmentId,
        }),
      ),
    ).toEqual({ code: "organisations:errors.memberNotFound", status: 404 });
  });

  test("two admins removing each other at once leave one admin", async () => {
    const { id, person: a } = await register();
    const b = await makeUser();
    await inviteMember({
      actor: a,
      actorRoles: await rolesOf(a.id),
      organisationId: id,
      identifier: b.email,
      role: "admin",
    });
    const [inv] = await listInvitationsFor({ email: b.email, phone: null });
    await answerInvitation({ actor: { ...b, phone: null }, invitationId: inv!.id, accept: true });
    const rows = await listMembers(id);
    const rowOf = (userId: string) => rows.find((m) => m.userId === userId)!.assignmentId;
    const [rolesA, rolesB] = await Promise.all([rolesOf(a.id), rolesOf(b.id)]);
    await Promise.allSettled([
      removeMember({ actor: a, actorRoles: rolesA, organisationId: id, assignmentId: rowOf(b.id) }),
      removeMember({ actor: b, actorRoles: rolesB, organisationId: id, assignmentId: rowOf(a.id) }),
    ]);
    const admins = await db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.organisationId, id), isNull(roleAssignments.revokedAt)));
    expect(admins).toHaveLength(1);
  });
});

describe("verification", () => {
  test("the authorization matrix: street refused, another district refused, own district and city allowed", async () => {
    const { id } = await register();
    const street = await makeStaff("street_official", areas.street.id);
    const otherDistrict = await makeStaff("district_official", otherAreas.district.id);
    const district = await makeStaff("district_official", areas.district.id);
    const city = await makeStaff("city_official", areas.city.id);
    const decide = (who: { id: string; roles: Awaited<ReturnType<typeof rolesOf>> }) =>
      decideOrganisation({ actor: who, actorRoles: who.roles, organisationId: id, decision: "verify" });
    // Neither sees a pending organisation at all.
    expect(await refusal(decide(street))).toEqual({ code: "organisations:errors.notFound", status: 404 });
    expect(await refusal(decide(otherDistrict))).toEqual({
      code: "organisations:errors.notFound",
      status: 404,
    });
    expect((await listReviewQueue(otherDistrict.roles)).map((o) => o.id)).not.toContain(id);
    expect((await listReviewQueue(district.roles)).map((o) => o.id)).toContain(id);
    expect((await listReviewQueue(city.roles)).map((o) => o.id)).toContain(id);
    await decide(city);
    expect(await refusal(decide(district))).toEqual({ code: "organisations:errors.notPending", status: 409 });
    // Verified: public, but still not the street official's to decide.
    expect(await refusal(decide(street))).toEqual({
      code: "organisations:errors.notYourVerification",
      status: 403,
    });
  });

  test("reject needs a reason, notifies the admins; a fixed organisation is resubmitted and verified", async () => {
    const { id, person: admin } = await register();
    const district = await makeStaff("district_official", areas.district.id);
    expect(
      await refusal(
        decideOrganisation({
          actor: district,
          actorRoles: district.roles,
          organisationId: id,
          decision: "reject",
          reason: " ",
        }),
      ),
    ).toEqual({ code: "organisations:errors.reasonRequired", status: 422 });
    await decideOrganisation({
      actor: district,
      actorRoles: district.roles,
      organisationId: id,
      decision: "reject",
      reason: "证书照片不清晰",
    });
    const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
    expect(org).toMatchObject({
      status: "rejected",
      rejectionReason: "证书照片不清晰",
      decidedBy: district.id,
    });
    const [note] = await db.select().from(notifications).where(eq(notifications.userId, admin.id));
    expect(note).toMatchObject({
      kind: "organisations:notifications.rejected",
      href: `/organisations/${id}`,
    });
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "organisation.rejected")));
    expect(audit).toMatchObject({ actorUserId: district.id, reason: "证书照片不清晰" });

    const adminRoles = await rolesOf(admin.id);
    await resubmitOrganisation({ actor: admin, actorRoles: adminRoles, organisationId: id });
    expect(
      await refusal(resubmitOrganisation({ actor: admin, actorRoles: adminRoles, organisationId: id })),
    ).toMatchObject({ code: "organisations:errors.notRejected" });
    await decideOrganisation({
      actor: district,
      actorRoles: district.roles,
      organisationId: id,
      decision: "verify",
    });
    const [after] = await db.select().from(organisations).where(eq(organisations.id, id));
    expect(after).toMatchObject({ status: "verified", rejectionReason: null });
  });

  test("forged or unknown ids are 404", async () => {
    const city = await makeStaff("city_official", areas.city.id);
    for (const forged of ["not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      expect(await refusal(loadVisibleOrganisation(forged, city.roles))).toMatchObject({ status: 404 });
      expect(
        await refusal(
          decideOrganisation({
            actor: city,
            actorRoles: city.roles,
            organisationId: forged,
            decision: "verify",
          }),
        ),
      ).toMatchObject({ status: 404 });
    }
  });
});

describe("declarations", () => {
  test("append-only: the newest is the latest, with declarant and date; admins only", async () => {
    const { id, person: admin } = await register();
    const roles = await rolesOf(admin.id);
    expect(await latestDeclaration(id)).toBeNull();
    const declare = (name: string, at: Date, allTrue: boolean) =>
      recordDeclaration({
        actor: admin,
        actorRoles: roles,
        organisationId: id,
        declarantName: name,
        notAbnormal1y: true,
        notSeriousViolation2y: true,
        noMajorViolation3y: allTrue,
        now: at,
      });
    await declare("陈主任", new Date("2026-01-05T02:00:00Z"), false);
    await declare("李理事长", new Date("2026-03-01T02:00:00Z"), true);
    expect(await latestDeclaration(id)).toMatchObject({
      declarantName: "李理事长",
      declaredAt: new Date("2026-03-01T02:00:00Z"),
      noMajorViolation3y: true,
    });
    const stranger = await makeUser();
    expect(
      await refusal(
        recordDeclaration({
          actor: stranger,
          actorRoles: [],
          organisationId: id,
          declarantName: "冒充",
          notAbnormal1y: true,
          notSeriousViolation2y: true,
          noMajorViolation3y: true,
        }),
      ),
    ).toMatchObject({ status: 404 });
  });
});
