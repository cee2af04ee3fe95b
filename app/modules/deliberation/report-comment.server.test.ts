import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { commentReports, comments } from "~db/schema/deliberation";
import { auditEntries } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { makeProposal, makeResident, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import { listModerationQueue, loadCommentThread } from "./comment-queries.server";
import { moderateComment } from "./moderate-comment.server";
import { postComment } from "./post-comment.server";
import { pendingReviewReason, reportComment, reportsToHide } from "./report-comment.server";

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let proposal: Awaited<ReturnType<typeof makeProposal>>;

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "collecting" });
  proposal = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function aComment(body = "这个提议就是浪费钱！") {
  const author = world.residents[1]!;
  const { id } = await postComment({
    actor: author,
    actorRoles: author.roles,
    subjectType: "proposal",
    subjectId: proposal.id,
    body,
    stance: "oppose",
  });
  return id;
}

const commentRow = async (id: string) => (await db.select().from(comments).where(eq(comments.id, id)))[0]!;

describe("reportComment", () => {
  test("one report per person; own comment and forged ids refused", async () => {
    const id = await aComment();
    const reporter = await makeUser("举报人");
    await expect(
      reportComment({ actor: reporter, commentId: id, reason: "人身攻击" }),
    ).resolves.toMatchObject({
      reportCount: 1,
      hidden: false,
    });
    await expect(reportComment({ actor: reporter, commentId: id, reason: "再举报" })).rejects.toMatchObject({
      code: "deliberation:errors.alreadyReported",
      status: 409,
    });
    await expect(
      reportComment({ actor: world.residents[1]!, commentId: id, reason: "自己" }),
    ).rejects.toMatchObject({
      code: "deliberation:errors.ownComment",
      status: 403,
    });
    await expect(
      reportComment({ actor: reporter, commentId: crypto.randomUUID(), reason: "伪造" }),
    ).rejects.toMatchObject({ code: "deliberation:errors.commentNotFound", status: 404 });
    expect((await commentRow(id)).reportCount).toBe(1);
    expect(await db.select().from(commentReports).where(eq(commentReports.commentId, id))).toHaveLength(1);
  });

  test(`${reportsToHide} parallel reports (and more) hide the comment exactly once, pending review`, async () => {
    const id = await aComment();
    const reporters = await Promise.all([1, 2, 3, 4].map((i) => makeUser(`举报人${i}`)));
    const results = await Promise.all(
      reporters.map((r) => settle(reportComment({ actor: r, commentId: id, reason: "广告" }))),
    );
    const ok = results.filter((r) => r.ok);
    // The fourth report comes after hiding (refused as already hidden) or counts without hiding again.
    const hid = ok.filter((r) => r.ok && r.value.hidden);
    expect(hid).toHaveLength(1);
    const row = await commentRow(id);
    expect(row.hiddenAt).not.toBeNull();
    expect(row.hiddenBy).toBeNull();
    expect(row.hiddenReason).toBe(pendingReviewReason);
    expect(row.reportCount).toBeGreaterThanOrEqual(reportsToHide);
    // Once hidden, no more reports.
    const late = await makeUser("迟到的举报人");
    await expect(reportComment({ actor: late, commentId: id, reason: "广告" })).rejects.toMatchObject({
      code: "deliberation:errors.alreadyHidden",
    });

    // Residents see the place of the comment without its text; a moderator sees the text.
    const residentView = await loadCommentThread(
      { subjectType: "proposal", subjectId: proposal.id },
      world.residents[2]!,
      "zh-CN",
    );
    const seen = residentView.comments.find((c) => c.id === id)!;
    expect(seen).toMatchObject({
      hidden: true,
      body: "",
      hiddenReason: null,
      canReport: false,
      reportCount: null,
    });
    const moderatorView = await loadCommentThread(
      { subjectType: "proposal", subjectId: proposal.id },
      world.committee,
      "zh-CN",
    );
    expect(moderatorView.comments.find((c) => c.id === id)).toMatchObject({
      hidden: true,
      body: "这个提议就是浪费钱！",
    });
    // Hidden comments do not count in the stances.
    expect(moderatorView.counts.oppose).toBe(residentView.counts.oppose);
  });
});

describe("moderation", () => {
  test("the committee sees the queue of its community; hides with a reason, audited; restores, audited", async () => {
    const id = await aComment("广告：专业疏通下水道 138xxxx");
    await reportComment({ actor: await makeUser("甲"), commentId: id, reason: "广告" });

    const queue = await listModerationQueue(world.committee.roles, "zh-CN");
    expect(queue.waiting.map((c) => c.id)).toContain(id);
    expect(queue.waiting.find((c) => c.id === id)?.reports).toEqual([
      expect.objectContaining({ reason: "广告" }),
    ]);
    // The committee of another community and a plain resident see nothing of it.
    const elsewhere = await makeStaff("committee_member", world.tree.C3.id, "别处委员");
    expect((await listModerationQueue(elsewhere.roles, "zh-CN")).waiting.map((c) => c.id)).not.toContain(id);
    expect(await listModerationQueue(world.residents[0]!.roles, "zh-CN")).toEqual({
      waiting: [],
      hidden: [],
    });

    await moderateComment({
      actor: world.committee,
      actorRoles: world.committee.roles,
      commentId: id,
      intent: "hide",
      reason: "商业广告",
      meta: { ip: "203.0.113.7", userAgent: "test" },
    });
    expect(await commentRow(id)).toMatchObject({ hiddenBy: world.committee.id, hiddenReason: "商业广告" });
    await expect(
      moderateComment({
        actor: world.official,
        actorRoles: world.official.roles,
        commentId: id,
        intent: "hide",
        reason: "重复",
      }),
    ).rejects.toMatchObject({ code: "deliberation:errors.alreadyHidden", status: 409 });

    const afterHide = await listModerationQueue(world.committee.roles, "zh-CN");
    expect(afterHide.waiting.map((c) => c.id)).not.toContain(id);
    expect(afterHide.hidden.map((c) => c.id)).toContain(id);
    const thread = await loadCommentThread(
      { subjectType: "proposal", subjectId: proposal.id },
      null,
      "zh-CN",
    );
    expect(thread.comments.find((c) => c.id === id)).toMatchObject({
      hidden: true,
      body: "",
      hiddenReason: "商业广告",
    });

    // The street official (scheme's area contains the community) restores it on appeal.
    await moderateComment({
      actor: world.official,
      actorRoles: world.official.roles,
      commentId: id,
      intent: "restore",
      reason: "经核实为居民自发分享的便民信息",
    });
    expect(await commentRow(id)).toMatchObject({ hiddenAt: null, hiddenBy: null, hiddenReason: null });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(["comment.hidden", "comment.restored"]);
    expect(audit[0]).toMatchObject({
      actorUserId: world.committee.id,
      reason: "商业广告",
      ip: "203.0.113.7",
      before: { hidden: false },
      after: { hidden: true, hiddenReason: "商业广告" },
    });
    expect(audit[1]).toMatchObject({ before: { hidden: true }, after: { hidden: false } });
    // Reviewed: it leaves both lists until someone reports it again.
    const reviewed = await listModerationQueue(world.committee.roles, "zh-CN");
    expect([...reviewed.waiting, ...reviewed.hidden].map((c) => c.id)).not.toContain(id);
  });

  test("a reported, visible comment can be kept (audited as reviewed); restoring an unreported visible one is refused", async () => {
    const id = await aComment("我觉得预算太高");
    await reportComment({ actor: await makeUser("乙"), commentId: id, reason: "不同意" });
    await moderateComment({
      actor: world.committee,
      actorRoles: world.committee.roles,
      commentId: id,
      intent: "restore",
      reason: "正常意见",
    });
    expect((await commentRow(id)).hiddenAt).toBeNull();
    const queue = await listModerationQueue(world.committee.roles, "zh-CN");
    expect(queue.waiting.map((c) => c.id)).not.toContain(id);

    const clean = await aComment("没有人举报的评论");
    await expect(
      moderateComment({
        actor: world.committee,
        actorRoles: world.committee.roles,
        commentId: clean,
        intent: "restore",
        reason: "x",
      }),
    ).rejects.toMatchObject({ code: "deliberation:errors.notHidden" });
  });

  test("only committee members and officials of the area moderate; forged ids are not found", async () => {
    const id = await aComment("普通评论");
    const gridWorker = await makeStaff("grid_worker", world.tree.G.id, "网格员");
    const otherStreet = await makeStaff("street_official", world.tree.S2.id, "别街干部");
    const resident = await makeResident(world.tree.C.id, "居民丁");
    for (const who of [gridWorker, otherStreet, resident]) {
      await expect(
        moderateComment({ actor: who, actorRoles: who.roles, commentId: id, intent: "hide", reason: "x" }),
      ).rejects.toMatchObject({ code: "deliberation:errors.notModerator", status: 403 });
    }
    await expect(
      moderateComment({
        actor: world.committee,
        actorRoles: world.committee.roles,
        commentId: crypto.randomUUID(),
        intent: "hide",
        reason: "x",
      }),
    ).rejects.toMatchObject({ code: "deliberation:errors.commentNotFound", status: 404 });
    expect((await commentRow(id)).hiddenAt).toBeNull();
  });

  test("a moderator's hiding confirms a hiding by reports", async () => {
    const id = await aComment("又一条广告");
    for (const name of ["丙", "丁", "戊"])
      await reportComment({ actor: await makeUser(name), commentId: id, reason: "广告" });
    expect((await commentRow(id)).hiddenBy).toBeNull();
    const [a, b] = await Promise.all([
      settle(
        moderateComment({
          actor: world.committee,
          actorRoles: world.committee.roles,
          commentId: id,
          intent: "hide",
          reason: "广告",
        }),
      ),
      settle(
        moderateComment({
          actor: world.official,
          actorRoles: world.official.roles,
          commentId: id,
          intent: "hide",
          reason: "广告",
        }),
      ),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit).toHaveLength(1);
  });
});
