import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { users } from "~db/schema/accounts";
import { follows, notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { makeProposal, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeUser } from "../../../tests/helpers/residency-fixtures";
import { follow, isFollowing, setFollowing, unfollow } from "./follow.server";
import { markAllRead, markRead } from "./mark-read.server";
import { countUnread, listNotifications } from "./notification-queries.server";
import { notifyFollowers, notifyUser } from "./notify.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let proposal: Awaited<ReturnType<typeof makeProposal>>;

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "collecting" });
  proposal = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
});

const followRows = (userId: string, subjectId: string) =>
  db
    .select()
    .from(follows)
    .where(and(eq(follows.userId, userId), eq(follows.subjectId, subjectId)));

describe("follows", () => {
  test("follow is idempotent, also under parallel calls; unfollow removes it", async () => {
    const user = await makeUser("关注者");
    await Promise.all(
      [1, 2, 3, 4].map(() => db.transaction((tx) => follow(tx, user.id, "proposal", proposal.id))),
    );
    await follow(db, user.id, "proposal", proposal.id);
    expect(await followRows(user.id, proposal.id)).toHaveLength(1);
    expect(await isFollowing(user.id, "proposal", proposal.id)).toBe(true);
    await unfollow(db, user.id, "proposal", proposal.id);
    expect(await isFollowing(user.id, "proposal", proposal.id)).toBe(false);
  });

  test("the follow form refuses forged and draft subjects", async () => {
    const user = await makeUser("好奇者");
    expect(
      await setFollowing({
        userId: user.id,
        subjectType: "proposal",
        subjectId: crypto.randomUUID(),
        following: true,
      }),
    ).toBe(false);
    const draft = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id, { status: "draft" });
    expect(
      await setFollowing({ userId: user.id, subjectType: "proposal", subjectId: draft.id, following: true }),
    ).toBe(false);
    expect(
      await setFollowing({
        userId: user.id,
        subjectType: "scheme",
        subjectId: world.scheme.id,
        following: true,
      }),
    ).toBe(true);
    expect(await isFollowing(user.id, "scheme", world.scheme.id)).toBe(true);
    expect(
      await setFollowing({
        userId: user.id,
        subjectType: "scheme",
        subjectId: world.scheme.id,
        following: false,
      }),
    ).toBe(true);
    expect(await isFollowing(user.id, "scheme", world.scheme.id)).toBe(false);
  });
});

describe("notifications", () => {
  test("notifyFollowers tells every follower but the actor and deleted accounts, in one statement", async () => {
    const p = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
    const [a, b, actor, gone] = await Promise.all(["甲", "乙", "行动者", "已注销"].map((n) => makeUser(n)));
    for (const u of [a!, b!, actor!, gone!]) await follow(db, u.id, "proposal", p.id);
    await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone!.id));
    const n = await notifyFollowers({
      subjectType: "proposal",
      subjectId: p.id,
      kind: "deliberation:notifications.commented",
      href: `/proposals/${p.id}`,
      params: { title: p.title },
      exceptUserId: actor!.id,
    });
    expect(n).toBe(2);
    const rows = await db.select().from(notifications).where(eq(notifications.subjectId, p.id));
    expect(rows.map((r) => r.userId).sort()).toEqual([a!.id, b!.id].sort());
    expect(rows[0]).toMatchObject({
      kind: "deliberation:notifications.commented",
      params: { title: p.title },
      readAt: null,
    });
  });

  test("unread count, paging newest first, mark one read (own only), mark all read", async () => {
    const user = await makeUser("读者");
    const other = await makeUser("别人");
    for (let i = 0; i < 25; i++) {
      await notifyUser({
        userId: user.id,
        subjectType: "proposal",
        subjectId: proposal.id,
        kind: "deliberation:notifications.commented",
        href: `/proposals/${proposal.id}`,
        params: { title: `第${i}条` },
      });
      // PGlite's clock has millisecond resolution: keep "newest first" unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await countUnread(user.id)).toBe(25);
    expect(await countUnread(other.id)).toBe(0);
    const first = await listNotifications(user.id, 1);
    expect(first.items).toHaveLength(20);
    expect(first.hasMore).toBe(true);
    expect(first.items[0]!.params).toEqual({ title: "第24条" });
    const second = await listNotifications(user.id, 2);
    expect(second.items).toHaveLength(5);
    expect(second.hasMore).toBe(false);

    const target = first.items[0]!.id;
    await expect(markRead(other.id, target)).rejects.toMatchObject({
      code: "deliberation:errors.notificationNotFound",
      status: 404,
    });
    expect(await countUnread(user.id)).toBe(25);
    await markRead(user.id, target);
    await markRead(user.id, target);
    expect(await countUnread(user.id)).toBe(24);
    expect(await markAllRead(user.id)).toBe(24);
    expect(await countUnread(user.id)).toBe(0);
  });
});
