import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { residencyInvites, residencyRequests, roleAssignments } from "~db/schema/accounts";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { makeAreaTree, makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import { generateInviteCode, inviteCodeHash, issueResidencyInvite } from "./issue-residency-invite.server";
import { inviteFailuresPerUserHour, redeemResidencyInvite } from "./redeem-residency-invite.server";
import { requestResidency } from "./request-residency.server";
import { listInviteScopes, listIssuedInvites } from "./residency-queries.server";
import { inviteAlphabet, normalizeInviteCode } from "./residency-schemas";

let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let gridWorker: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  gridWorker = await makeStaff("grid_worker", tree.G.id, "李网格员");
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function residence(userId: string) {
  return db
    .select()
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, "resident"),
        isNull(roleAssignments.revokedAt),
      ),
    );
}

describe("invite codes", () => {
  test("codes are 8 characters of the unambiguous alphabet, shown grouped", async () => {
    for (let i = 0; i < 200; i++) {
      const code = generateInviteCode();
      expect(code).toHaveLength(8);
      for (const ch of code) expect(inviteAlphabet).toContain(ch);
    }
    const issued = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.C.code,
    });
    expect(issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normalizeInviteCode(" abcd efgh ")).toBe("ABCDEFGH");
    expect(normalizeInviteCode("ABCD-EFG0")).toBeNull();
  });

  test("issuing stores only a keyed hash, expires in 14 days and is audited", async () => {
    const now = new Date("2026-11-28T08:00:00Z");
    const issued = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.G2.code,
      now,
    });
    const [row] = await db.select().from(residencyInvites).where(eq(residencyInvites.id, issued.inviteId));
    expect(row).toMatchObject({
      communityId: tree.C.id,
      gridId: tree.G2.id,
      issuedBy: committee.id,
      redeemedAt: null,
    });
    expect(row!.codeHash).toBe(await inviteCodeHash(issued.code.replace("-", "")));
    expect(row!.codeHash).not.toContain(issued.code.replace("-", ""));
    expect(row!.expiresAt.getTime() - now.getTime()).toBe(14 * 24 * 3600 * 1000);
    const [audit] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, issued.inviteId));
    expect(audit).toMatchObject({
      action: "residency.invite_issued",
      actorUserId: committee.id,
      areaId: tree.G2.id,
    });
    expect(JSON.stringify(audit)).not.toContain(issued.code.replace("-", ""));
    const listed = await listIssuedInvites(committee.id, now);
    expect(listed.find((i) => i.id === issued.inviteId)?.status).toBe("unused");
  });

  test("who may issue where", async () => {
    await expect(
      issueResidencyInvite({ actor: gridWorker, actorRoles: gridWorker.roles, scopeCode: tree.G.code }),
    ).resolves.toBeTruthy();
    await expect(
      issueResidencyInvite({ actor: gridWorker, actorRoles: gridWorker.roles, scopeCode: tree.G2.code }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      issueResidencyInvite({ actor: gridWorker, actorRoles: gridWorker.roles, scopeCode: tree.C.code }),
    ).rejects.toMatchObject({
      code: "residency:errors.gridWorkerOwnGridOnly",
    });
    await expect(
      issueResidencyInvite({ actor: committee, actorRoles: committee.roles, scopeCode: tree.C2.code }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      issueResidencyInvite({ actor: committee, actorRoles: committee.roles, scopeCode: tree.G3.code }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      issueResidencyInvite({ actor: committee, actorRoles: committee.roles, scopeCode: tree.S.code }),
    ).rejects.toMatchObject({ status: 404 });
    const official = await makeStaff("street_official", tree.S.id);
    await expect(
      issueResidencyInvite({ actor: official, actorRoles: official.roles, scopeCode: tree.C.code }),
    ).rejects.toMatchObject({ status: 403 });
    const scopes = await listInviteScopes(committee.roles);
    expect(scopes.map((s) => s.code)).toEqual([tree.C.code, tree.G.code, tree.G2.code]);
    expect((await listInviteScopes(gridWorker.roles)).map((s) => s.code)).toEqual([tree.G.code]);
  });

  test("redeeming makes the person a verified resident at once and settles a pending request", async () => {
    const user = await makeUser("陈阿姨");
    const { id: requestId } = await requestResidency({ actor: user, communityCode: tree.C2.code });
    const { code, inviteId } = await issueResidencyInvite({
      actor: gridWorker,
      actorRoles: gridWorker.roles,
      scopeCode: tree.G.code,
    });
    const result = await redeemResidencyInvite({ actor: user, code: code.toLowerCase().replace("-", " ") });
    expect(result).toMatchObject({ inviteId, communityId: tree.C.id, gridId: tree.G.id });
    const rows = await residence(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ areaId: tree.C.id, gridId: tree.G.id, grantedBy: gridWorker.id });
    const [request] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, requestId));
    expect(request?.status).toBe("cancelled");
    const [event] = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, inviteId));
    expect(event).toMatchObject({
      kind: "residency.verified",
      areaId: tree.G.id,
      subjectType: "residency_invite",
    });
    const [invite] = await db.select().from(residencyInvites).where(eq(residencyInvites.id, inviteId));
    expect(invite?.redeemedBy).toBe(user.id);
    expect((await listIssuedInvites(gridWorker.id)).find((i) => i.id === inviteId)?.status).toBe("redeemed");
  });

  test("single use: two people redeeming the same code at once, exactly one succeeds", async () => {
    const { code } = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.C.code,
    });
    const a = await makeUser("甲");
    const b = await makeUser("乙");
    const results = await Promise.all([
      settle(redeemResidencyInvite({ actor: a, code })),
      settle(redeemResidencyInvite({ actor: b, code })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.error).toMatchObject({ code: "residency:errors.inviteInvalid" });
    expect((await residence(a.id)).length + (await residence(b.id)).length).toBe(1);
    // And used once means used: the winner cannot use it again either.
    await expect(redeemResidencyInvite({ actor: await makeUser(), code })).rejects.toMatchObject({
      code: "residency:errors.inviteInvalid",
    });
  });

  test("expired, unknown, malformed and one's own codes get the same refusal", async () => {
    const past = new Date(Date.now() - 15 * 24 * 3600 * 1000);
    const expired = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.C.code,
      now: past,
    });
    const own = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.C.code,
    });
    const user = await makeUser();
    for (const code of [expired.code, "ABCD-EFGH", "hello", ""]) {
      await expect(redeemResidencyInvite({ actor: user, code })).rejects.toMatchObject({
        code: "residency:errors.inviteInvalid",
        status: 422,
      });
    }
    await expect(redeemResidencyInvite({ actor: committee, code: own.code })).rejects.toMatchObject({
      code: "residency:errors.inviteInvalid",
    });
    expect(await residence(user.id)).toHaveLength(0);
    expect((await listIssuedInvites(committee.id)).find((i) => i.id === expired.inviteId)?.status).toBe(
      "expired",
    );
  });

  test("failed attempts are rate-limited per person", async () => {
    const user = await makeUser();
    for (let i = 0; i < inviteFailuresPerUserHour.limit; i++) {
      await expect(redeemResidencyInvite({ actor: user, code: "ZZZZ-ZZZZ" })).rejects.toMatchObject({
        status: 422,
      });
    }
    const { code } = await issueResidencyInvite({
      actor: committee,
      actorRoles: committee.roles,
      scopeCode: tree.C.code,
    });
    // Even the right code waits now: otherwise guessing would simply go on until a hit.
    await expect(redeemResidencyInvite({ actor: user, code })).rejects.toMatchObject({
      code: "errors:rateLimited",
      status: 429,
    });
    expect(await residence(user.id)).toHaveLength(0);
    // Another person is not affected.
    await expect(redeemResidencyInvite({ actor: await makeUser(), code })).resolves.toBeTruthy();
  });
});
