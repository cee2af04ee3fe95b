import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { comments } from "~db/schema/deliberation";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { makeProposal, makeResident, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { isFollowing } from "~/modules/notifications/follow.server";
import { loadCommentThread } from "./comment-queries.server";
import { commentsPerAccount, postComment } from "./post-comment.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let proposal: Awaited<ReturnType<typeof makeProposal>>;

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "collecting" });
  proposal = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id, {
    gridId: world.tree.G.id,
  });
});

const as = (person: {
  id: string;
  pseudonymSeed: string;
  roles: Awaited<ReturnType<typeof makeResident>>["roles"];
}) => ({
  actor: { id: person.id, pseudonymSeed: person.pseudonymSeed },
  actorRoles: person.roles,
});

const post = (person: Parameters<typeof as>[0], extra: Partial<Parameters<typeof postComment>[0]> = {}) =>
  postComment({
    ...as(person),
    subjectType: "proposal",
    subjectId: proposal.id,
    body: "支持，楼道确实很暗。",
    stance: "support",
    ...extra,
  });

describe("postComment", () => {
  test("a resident of the scheme's area comments: row in the proposal's grid, event with stance, follows", async () => {
    const resident = world.residents[1]!;
    const { id, official } = await post(resident);
    expect(official).toBe(false);
    const [row] = await db.select().from(comments).where(eq(comments.id, id));
    expect(row).toMatchObject({
      subjectType: "proposal",
      subjectId: proposal.id,
      areaId: world.tree.G.id,
      stance: "support",
      official: false,
      parentId: null,
      authorId: resident.id,
    });
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.subjectId, proposal.id), eq(participationEvents.kind, "comment.posted")),
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ areaId: world.tree.G.id, meta: { stance: "support" } });
    expect(await isFollowing(resident.id, "proposal", proposal.id)).toBe(true);
    // Official acts only are audited.
    expect(await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).toHaveLength(0);
  });

  test("a resident of another street is refused, nothing written", async () => {
    const before = await db.select().from(comments).where(eq(comments.subjectId, proposal.id));
    await expect(post(world.outsider)).rejects.toMatchObject({
      code: "deliberation:errors.notResidentHere",
      status: 403,
    });
    const after = await db.select().from(comments).where(eq(comments.subjectId, proposal.id));
    expect(after).toHaveLength(before.length);
  });

  test("someone with no role at all is refused", async () => {
    const nobody = await makeStaff("ngo_member", world.tree.C.id, "路人");
    await expect(post(nobody)).rejects.toMatchObject({ code: "deliberation:errors.notResidentHere" });
  });

  test("the street official's comment is an official reply: neutral, audited, no participation event", async () => {
    const postedEvents = () =>
      db
        .select()
        .from(participationEvents)
        .where(
          and(eq(participationEvents.subjectId, proposal.id), eq(participationEvents.kind, "comment.posted")),
        );
    const eventsBefore = (await postedEvents()).length;
    const { id, official } = await post(world.official, {
      stance: "oppose",
      body: "街道已收到，会同住建部门评估。",
    });
    expect(official).toBe(true);
    const [row] = await db.select().from(comments).where(eq(comments.id, id));
    expect(row).toMatchObject({ official: true, stance: "neutral" });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "comment.official_posted",
      actorUserId: world.official.id,
      areaId: world.tree.G.id,
    });
    expect(await postedEvents()).toHaveLength(eventsBefore);
  });

  test("the committee of the proposal's community replies officially; a committee of another community may not post", async () => {
    const { official } = await post(world.committee, { body: "居委会会跟进。" });
    expect(official).toBe(true);
    const otherCommittee = await makeStaff("committee_member", world.tree.C3.id, "别街委员");
    await expect(post(otherCommittee)).rejects.toMatchObject({ code: "deliberation:errors.notResidentHere" });
  });

  test("a reply to a reply attaches to the top comment and is neutral", async () => {
    const top = await post(world.residents[2]!, { body: "同意", stance: "support" });
    const reply = await post(world.residents[0]!, { parentId: top.id, body: "谢谢支持", stance: "oppose" });
    const replyToReply = await post(world.residents[1]!, { parentId: reply.id, body: "+1" });
    const rows = await db.select().from(comments).where(eq(comments.subjectId, proposal.id));
    expect(rows.find((r) => r.id === reply.id)).toMatchObject({ parentId: top.id, stance: "neutral" });
    expect(rows.find((r) => r.id === replyToReply.id)?.parentId).toBe(top.id);
  });

  test("a parent from another subject, or a forged one, is refused", async () => {
    const other = await makeProposal(world.scheme, world.residents[1]!, world.tree.C.id);
    const elsewhere = await postComment({
      ...as(world.residents[0]!),
      subjectType: "proposal",
      subjectId: other.id,
      body: "别处的评论",
      stance: "neutral",
    });
    await expect(post(world.residents[0]!, { parentId: elsewhere.id })).rejects.toMatchObject({
      code: "deliberation:errors.parentNotFound",
      status: 404,
    });
    await expect(post(world.residents[0]!, { parentId: crypto.randomUUID() })).rejects.toMatchObject({
      code: "deliberation:errors.parentNotFound",
    });
  });

  test("forged subject ids and unknown subject types are not found", async () => {
    await expect(post(world.residents[0]!, { subjectId: crypto.randomUUID() })).rejects.toMatchObject({
      code: "deliberation:errors.subjectNotFound",
      status: 404,
    });
    await expect(post(world.residents[0]!, { subjectId: "not-a-uuid" })).rejects.toMatchObject({
      code: "deliberation:errors.subjectNotFound",
    });
    await expect(post(world.residents[0]!, { subjectType: "matter" })).rejects.toMatchObject({
      code: "deliberation:errors.subjectNotFound",
    });
  });

  test("drafts and withdrawn proposals take no comments", async () => {
    const draft = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id, { status: "draft" });
    await expect(post(world.residents[1]!, { subjectId: draft.id })).rejects.toMatchObject({
      code: "deliberation:errors.subjectNotFound",
    });
    const withdrawn = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id, {
      status: "withdrawn",
    });
    await expect(post(world.residents[1]!, { subjectId: withdrawn.id })).rejects.toMatchObject({
      code: "deliberation:errors.closed",
      status: 409,
    });
    await expect(post(world.official, { subjectId: withdrawn.id })).rejects.toMatchObject({
      code: "deliberation:errors.closed",
    });
  });

  test("followers are notified after the commit, except the commenter", async () => {
    const p = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
    await post(world.residents[0]!, { subjectId: p.id, body: "我是作者，欢迎讨论" });
    const { id } = await post(world.residents[1]!, { subjectId: p.id, body: "好建议" });
    const rows = await db.select().from(notifications).where(eq(notifications.subjectId, p.id));
    expect(rows.map((r) => r.userId)).toEqual([world.residents[0]!.id]);
    expect(rows[0]).toMatchObject({
      kind: "deliberation:notifications.commented",
      href: `/proposals/${p.id}#comment-${id}`,
      params: { title: p.title },
    });
  });

  test(`rate limit: ${commentsPerAccount.limit} comments per window, the next one is a 429 and writes nothing`, async () => {
    const chatty = await makeResident(world.tree.C2.id, "话多居民");
    const now = new Date(Math.floor(Date.now() / 600_000) * 600_000 + 1000);
    for (let i = 0; i < commentsPerAccount.limit; i++) await post(chatty, { body: `第${i}条`, now });
    await expect(post(chatty, { body: "再一条", now })).rejects.toMatchObject({
      code: "deliberation:errors.rateLimited",
      status: 429,
    });
    const mine = await db.select().from(comments).where(eq(comments.authorId, chatty.id));
    expect(mine).toHaveLength(commentsPerAccount.limit);
    // The next window is open again.
    await post(chatty, { body: "新的窗口", now: new Date(now.getTime() + 600_000) });
  });
});

describe("loadCommentThread", () => {
  test("counts top-level visible resident comments per stance; replies nested; viewer flags", async () => {
    const p = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
    const on = { subjectId: p.id };
    const a = await post(world.residents[0]!, { ...on, stance: "support", body: "支持" });
    await post(world.residents[1]!, { ...on, stance: "support", body: "也支持" });
    await post(world.residents[2]!, { ...on, stance: "oppose", body: "反对，占用通道" });
    await post(world.residents[2]!, { ...on, stance: "neutral", body: "再想想" });
    await post(world.official, { ...on, body: "官方回复" });
    await post(world.residents[1]!, { ...on, parentId: a.id, body: "回复" });

    const thread = await loadCommentThread(
      { subjectType: "proposal", subjectId: p.id },
      world.residents[1]!,
      "zh-CN",
    );
    expect(thread.counts).toEqual({ support: 2, oppose: 1, neutral: 1 });
    expect(thread.comments).toHaveLength(5);
    expect(thread.comments[0]!.replies).toHaveLength(1);
    expect(thread.comments[0]).toMatchObject({ authorName: "居民甲", canReport: true, mine: false });
    expect(thread.comments[1]).toMatchObject({ mine: true, canReport: false });
    expect(thread.comments[4]).toMatchObject({ official: true });
    expect(thread).toMatchObject({ canPost: true, postsOfficially: false, canModerate: false });
    expect(thread.postRefusal).toBeUndefined();

    const anonymous = await loadCommentThread({ subjectType: "proposal", subjectId: p.id }, null, "en");
    expect(anonymous).toMatchObject({ canPost: false, postRefusal: "login" });
    expect(anonymous.comments.every((c) => !c.canReport)).toBe(true);

    const outsider = await loadCommentThread(
      { subjectType: "proposal", subjectId: p.id },
      world.outsider,
      "en",
    );
    expect(outsider).toMatchObject({ canPost: false, postRefusal: "deliberation:errors.notResidentHere" });

    const official = await loadCommentThread(
      { subjectType: "proposal", subjectId: p.id },
      world.official,
      "en",
    );
    expect(official).toMatchObject({ canPost: true, postsOfficially: true, canModerate: true });
  });

  test("a forged subject id is a 404", async () => {
    await expect(
      loadCommentThread({ subjectType: "proposal", subjectId: crypto.randomUUID() }, null, "en"),
    ).rejects.toMatchObject({ status: 404 });
  });
});
