import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { residencyRequests } from "~db/schema/accounts";
import { participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { makeAreaTree, makeUser, assignRole, type TestArea } from "../../../tests/helpers/residency-fixtures";
import { cancelResidencyRequest } from "./cancel-residency-request.server";
import { requestResidency } from "./request-residency.server";

let tree: Record<"C" | "C2" | "G" | "G3", TestArea>;
beforeAll(async () => {
  tree = await makeAreaTree();
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe("requestResidency", () => {
  test("creates a pending request and a residency.requested event in the grid", async () => {
    const user = await makeUser();
    const { id } = await requestResidency({
      actor: user,
      communityCode: tree.C.code,
      gridCode: tree.G.code,
      message: " 3栋1202 ",
    });
    const [row] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, id));
    expect(row).toMatchObject({
      userId: user.id,
      communityId: tree.C.id,
      gridId: tree.G.id,
      status: "pending",
      message: "3栋1202",
    });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "residency.requested",
      areaId: tree.G.id,
      subjectType: "residency_request",
    });
    // The event carries a pseudonym, never the user id.
    expect(events[0]!.actorPseudonym).not.toContain(user.id);
  });

  test("without a grid the event is counted in the community", async () => {
    const user = await makeUser();
    const { id } = await requestResidency({ actor: user, communityCode: tree.C2.code });
    const [event] = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(event?.areaId).toBe(tree.C2.id);
  });

  test("one pending request at a time, even when sent in parallel", async () => {
    const user = await makeUser();
    const results = await Promise.all(
      [tree.C, tree.C2, tree.C, tree.C2].map((c) =>
        settle(requestResidency({ actor: user, communityCode: c.code })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r.error).toMatchObject({
        name: "DomainError",
        code: "residency:errors.alreadyPending",
        status: 409,
      });
    }
    const pending = await db
      .select()
      .from(residencyRequests)
      .where(and(eq(residencyRequests.userId, user.id), eq(residencyRequests.status, "pending")));
    expect(pending).toHaveLength(1);
    const events = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, pending[0]!.id));
    expect(events).toHaveLength(1);
  });

  test("refuses a community that is not one, and a grid of another community", async () => {
    const user = await makeUser();
    await expect(requestResidency({ actor: user, communityCode: tree.G.code })).rejects.toMatchObject({
      code: "residency:errors.pickCommunity",
    });
    await expect(requestResidency({ actor: user, communityCode: "no-such-code" })).rejects.toMatchObject({
      code: "residency:errors.pickCommunity",
    });
    await expect(
      requestResidency({ actor: user, communityCode: tree.C.code, gridCode: tree.G3.code }),
    ).rejects.toMatchObject({
      code: "residency:errors.gridNotInCommunity",
    });
    expect(
      await db.select().from(residencyRequests).where(eq(residencyRequests.userId, user.id)),
    ).toHaveLength(0);
  });

  test("a verified resident cannot ask for the same place again, but may ask to move", async () => {
    const user = await makeUser();
    await assignRole(user.id, "resident", tree.C.id, { gridId: tree.G.id });
    await expect(requestResidency({ actor: user, communityCode: tree.C.code })).rejects.toMatchObject({
      code: "residency:errors.alreadyResident",
    });
    await expect(requestResidency({ actor: user, communityCode: tree.C2.code })).resolves.toMatchObject({
      id: expect.any(String),
    });
  });
});

describe("cancelResidencyRequest", () => {
  test("the resident withdraws their pending request and may then ask again", async () => {
    const user = await makeUser();
    const { id } = await requestResidency({ actor: user, communityCode: tree.C.code });
    await cancelResidencyRequest({ actor: user, requestId: id });
    const [row] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, id));
    expect(row?.status).toBe("cancelled");
    await expect(cancelResidencyRequest({ actor: user, requestId: id })).rejects.toMatchObject({
      code: "residency:errors.notPending",
      status: 409,
    });
    await expect(requestResidency({ actor: user, communityCode: tree.C2.code })).resolves.toBeTruthy();
  });

  test("someone else's request id is reported as not found and left alone", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const { id } = await requestResidency({ actor: owner, communityCode: tree.C.code });
    await expect(cancelResidencyRequest({ actor: other, requestId: id })).rejects.toMatchObject({
      status: 404,
    });
    const [row] = await db.select().from(residencyRequests).where(eq(residencyRequests.id, id));
    expect(row?.status).toBe("pending");
  });
});
