import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { residencyRequests, roleAssignments } from "~db/schema/accounts";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { makeAreaTree, makeStaff, makeUser, type TestArea } from "../../../tests/helpers/residency-fixtures";
import { decideResidency } from "./decide-residency.server";
import { requestResidency } from "./request-residency.server";
import { getResidencyStatus, listReviewQueue } from "./residency-queries.server";

let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let committee2: Awaited<ReturnType<typeof makeStaff>>;
let otherCommittee: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  committee2 = await makeStaff("committee_member", tree.C.id, "梁委员");
  otherCommittee = await makeStaff("committee_member", tree.C2.id, "别处委员");
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function pendingRequest(community: TestArea = tree.C, grid: TestArea | null = tree.G) {
  const user = await makeUser("陈阿姨");
  const { id } = await requestResidency({
    actor: user,
    communityCode: community.code,
    gridCode: grid?.code,
    message: "5栋",
  });
  return { user, id };
}

async function activeResidence(userId: string) {
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

describe("decideResidency", () => {
  test("request → approve → verified resident, audited, with a residency.verified event in the grid", async () => {
    const { user, id } = await pendingRequest();
    const result = await decideResidency({
      actor: committee,
      actorRoles: committee.roles,
      requestId: id,
      decision: "approve",
      meta: { ip: "203.0.113.9", userAgent: "test" },
    });
    expect(result.status).toBe("approved");
    const residence = await activeResidence(user.id);
    expect(residence).toHaveLength(1);
    expect(residence[0]).toMatchObject({ areaId: tree.C.id, gridId: tree.G.id, grantedBy: committee.id });
    const [request] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, id));
    expect(request).toMatchObject({ status: "approved", decidedBy: committee.id });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "residency.approved",
      actorUserId: committee.id,
      ip: "203.0.113.9",
      areaId: tree.G.id,
    });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(events.map((e) => e.kind).sort()).toEqual(["residency.requested", "residency.verified"]);
    expect(events.find((e) => e.kind === "residency.verified")?.areaId).toBe(tree.G.id);
    const status = await getResidencyStatus(user.id);
    expect(status.residence?.community.code).toBe(tree.C.code);
    expect(status.pending).toBeNull();
  });

  test("reject needs a reason; the resident sees it", async () => {
    const { user, id } = await pendingRequest();
    await expect(
      decideResidency({
        actor: committee,
        actorRoles: committee.roles,
        requestId: id,
        decision: "reject",
        reason: "  ",
      }),
    ).rejects.toMatchObject({
      code: "residency:errors.reasonRequired",
    });
    await decideResidency({
      actor: committee,
      actorRoles: committee.roles,
      requestId: id,
      decision: "reject",
      reason: "本社区无此门牌",
    });
    expect(await activeResidence(user.id)).toHaveLength(0);
    const [audit] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit).toMatchObject({ action: "residency.rejected", reason: "本社区无此门牌" });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(events.map((e) => e.kind)).toEqual(["residency.requested"]);
    const status = await getResidencyStatus(user.id);
    expect(status.lastRejection?.decisionReason).toBe("本社区无此门牌");
    expect(status.residence).toBeNull();
  });

  test("two committee members approving at once: exactly one wins, the other gets a 409", async () => {
    const { user, id } = await pendingRequest();
    const results = await Promise.all([
      settle(
        decideResidency({
          actor: committee,
          actorRoles: committee.roles,
          requestId: id,
          decision: "approve",
        }),
      ),
      settle(
        decideResidency({
          actor: committee2,
          actorRoles: committee2.roles,
          requestId: id,
          decision: "approve",
        }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && failed.error).toMatchObject({
      name: "DomainError",
      code: "residency:errors.alreadyDecided",
      status: 409,
    });
    expect(await activeResidence(user.id)).toHaveLength(1);
    expect(await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).toHaveLength(1);
    const verified = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "residency.verified")));
    expect(verified).toHaveLength(1);
  });

  test("an approval racing a rejection: one decision stands", async () => {
    const { id } = await pendingRequest();
    const results = await Promise.all([
      settle(
        decideResidency({
          actor: committee,
          actorRoles: committee.roles,
          requestId: id,
          decision: "approve",
        }),
      ),
      settle(
        decideResidency({
          actor: committee2,
          actorRoles: committee2.roles,
          requestId: id,
          decision: "reject",
          reason: "重复",
        }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  test("a committee member of another community cannot decide (403) and nothing changes", async () => {
    const { user, id } = await pendingRequest();
    await expect(
      decideResidency({
        actor: otherCommittee,
        actorRoles: otherCommittee.roles,
        requestId: id,
        decision: "approve",
      }),
    ).rejects.toMatchObject({ code: "residency:errors.notYourCommunity", status: 403 });
    const [request] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, id));
    expect(request?.status).toBe("pending");
    expect(await activeResidence(user.id)).toHaveLength(0);
    expect(await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).toHaveLength(0);
  });

  test("officials above the community, residents and strangers cannot decide", async () => {
    const { id } = await pendingRequest();
    for (const [role, areaId] of [
      ["street_official", tree.S.id],
      ["district_official", tree.district.id],
      ["platform_admin", tree.city.id],
      ["resident", tree.C.id],
    ] as const) {
      const staff = await makeStaff(role, areaId);
      await expect(
        decideResidency({ actor: staff, actorRoles: staff.roles, requestId: id, decision: "approve" }),
      ).rejects.toMatchObject({ status: 403 });
    }
  });

  test("the grid worker of the request's grid may decide; a worker of another grid may not", async () => {
    const gw = await makeStaff("grid_worker", tree.G.id);
    const gw2 = await makeStaff("grid_worker", tree.G2.id);
    const first = await pendingRequest(tree.C, tree.G);
    await expect(
      decideResidency({ actor: gw2, actorRoles: gw2.roles, requestId: first.id, decision: "approve" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      decideResidency({ actor: gw, actorRoles: gw.roles, requestId: first.id, decision: "approve" }),
    ).resolves.toMatchObject({ status: "approved" });
    // Without a grid, any grid worker of the community may decide.
    const gridless = await pendingRequest(tree.C, null);
    await expect(
      decideResidency({ actor: gw2, actorRoles: gw2.roles, requestId: gridless.id, decision: "approve" }),
    ).resolves.toMatchObject({
      status: "approved",
    });
  });

  test("nobody decides their own request", async () => {
    const { id } = await requestResidency({ actor: committee, communityCode: tree.C.code });
    await expect(
      decideResidency({ actor: committee, actorRoles: committee.roles, requestId: id, decision: "approve" }),
    ).rejects.toMatchObject({
      code: "residency:errors.ownRequest",
    });
  });

  test("an unknown or malformed id is a 404", async () => {
    for (const requestId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      await expect(
        decideResidency({ actor: committee, actorRoles: committee.roles, requestId, decision: "approve" }),
      ).rejects.toMatchObject({ status: 404 });
    }
  });

  test("moving house: approval in a new community ends the old residence", async () => {
    const { user, id } = await pendingRequest(tree.C2, tree.G3);
    await decideResidency({
      actor: otherCommittee,
      actorRoles: otherCommittee.roles,
      requestId: id,
      decision: "approve",
    });
    const { id: second } = await requestResidency({
      actor: user,
      communityCode: tree.C.code,
      gridCode: tree.G.code,
    });
    await decideResidency({
      actor: committee,
      actorRoles: committee.roles,
      requestId: second,
      decision: "approve",
    });
    const all = await db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, user.id), eq(roleAssignments.role, "resident")));
    expect(all).toHaveLength(2);
    expect(all.filter((r) => r.revokedAt === null).map((r) => r.areaId)).toEqual([tree.C.id]);
    const [audit] = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, second));
    expect(audit?.before).toMatchObject({ residence: { communityId: tree.C2.id, gridId: tree.G3.id } });
  });
});

describe("listReviewQueue", () => {
  test("shows only requests the reviewer may decide, oldest first", async () => {
    const t = await makeAreaTree();
    const c = await makeStaff("committee_member", t.C.id);
    const gw = await makeStaff("grid_worker", t.G2.id);
    const a = await makeUser("甲");
    const b = await makeUser("乙");
    const d = await makeUser("丁");
    const e = await makeUser("戊");
    const ra = await requestResidency({ actor: a, communityCode: t.C.code, gridCode: t.G.code });
    const rb = await requestResidency({ actor: b, communityCode: t.C.code });
    await requestResidency({ actor: d, communityCode: t.C2.code });
    const re = await requestResidency({ actor: e, communityCode: t.C.code, gridCode: t.G2.code });
    const forCommittee = await listReviewQueue(c.roles);
    expect(forCommittee.pending.map((r) => r.id)).toEqual([ra.id, rb.id, re.id]);
    const forGridWorker = await listReviewQueue(gw.roles);
    expect(forGridWorker.pending.map((r) => r.id)).toEqual([rb.id, re.id]);
    await decideResidency({
      actor: c,
      actorRoles: c.roles,
      requestId: ra.id,
      decision: "reject",
      reason: "请到居委会核实",
    });
    const after = await listReviewQueue(c.roles);
    expect(after.pending.map((r) => r.id)).toEqual([rb.id, re.id]);
    expect(after.recent.map((r) => [r.id, r.status, r.decisionReason])).toEqual([
      [ra.id, "rejected", "请到居委会核实"],
    ]);
    const resident = await makeStaff("resident", t.C.id);
    expect(await listReviewQueue(resident.roles)).toEqual({ pending: [], recent: [] });
  });
});
