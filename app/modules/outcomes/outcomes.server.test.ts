import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import {
  consultations,
  followUpActions,
  followUpUpdates,
  outcomeItems,
  outcomes,
} from "~db/schema/consultations";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { timelineEntries } from "~db/schema/livelihood";
import { follows, notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { makeResident } from "../../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff } from "../../../tests/helpers/residency-fixtures";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { decisionsCsv, loadDecisionsExport, shanghaiToday } from "./decisions-export.server";
import { outcomeNoticeSubject } from "./outcome-notice";
import { getOutcome, listDecisions } from "./outcome-queries.server";
import { PublishOutcomeSchema } from "./outcome-schemas";
import { publishOutcome } from "./publish-outcome.server";
import { updateFollowUp } from "./update-follow-up.server";

const DAY = 86_400_000;
const now = new Date();

type Tree = Awaited<ReturnType<typeof makeAreaTree>>;
type Staff = Awaited<ReturnType<typeof makeStaff>>;
let tree: Tree;
let committee: Staff;
let consultationId: string;

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function refusal(p: Promise<unknown>) {
  const r = await settle(p);
  if (r.ok) throw new Error("expected a refusal");
  expect(r.error).toBeInstanceOf(DomainError);
  return r.error as DomainError;
}

function values(overrides: Record<string, unknown> = {}) {
  const parsed = PublishOutcomeSchema.parse({
    consultationId,
    title: "加装电梯协商结果",
    summary: "共收到 120 份意见。",
    decisions: "同意在 3 栋加装电梯。",
    items: [
      { opinion: "加装电梯", handling: "adopted", reason: "多数支持" },
      {},
      { opinion: "低层补偿", handling: "partly", reason: "按规定补偿" },
    ],
    actions: [
      { title: "提交报建", owner: "街道规划办", dueOn: "2027-03-31" },
      { title: "", owner: "", dueOn: "" },
    ],
    ...overrides,
  });
  return parsed;
}

async function makeConsultation(areaId: number, closesAt = new Date(now.getTime() - DAY)) {
  const [c] = await db
    .insert(consultations)
    .values({
      areaId,
      title: "加装电梯协商",
      background: "背景",
      status: "published",
      opensAt: new Date(now.getTime() - 10 * DAY),
      closesAt,
    })
    .returning({ id: consultations.id });
  return c!.id;
}

beforeEach(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "社区委员");
  consultationId = await makeConsultation(tree.C.id);
});

describe("PublishOutcomeSchema", () => {
  test("blank rows are ignored; a half-filled row is an error; default notice 7 days", () => {
    const v = values();
    expect(v.items).toHaveLength(2);
    expect(v.actions).toEqual([{ title: "提交报建", owner: "街道规划办", dueOn: "2027-03-31" }]);
    expect(v.noticeDays).toBe(7);
    const bad = PublishOutcomeSchema.safeParse({
      consultationId,
      title: "t",
      summary: "s",
      decisions: "d",
      items: [{ opinion: "只有意见" }],
      actions: [{ title: "x", owner: "y", dueOn: "2027-02-30" }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["items.0.handling", "items.0.reason", "actions.0.dueOn"]));
  });
});

describe("publishOutcome", () => {
  test("the community's committee publishes: rows, event, audit, timelines, followers carried over and told", async () => {
    const follower = await makeResident(tree.C.id);
    await db
      .insert(follows)
      .values({ userId: follower.id, subjectType: "consultation", subjectId: consultationId });
    const { id, noticeEndsAt } = await publishOutcome({
      actor: committee,
      actorRoles: committee.roles,
      values: values(),
      now,
    });
    expect(noticeEndsAt.getTime()).toBe(now.getTime() + 7 * DAY);
    const [row] = await db.select().from(outcomes).where(eq(outcomes.id, id));
    expect(row).toMatchObject({ areaId: tree.C.id, consultationId, publishedBy: committee.id });
    expect(await db.select().from(outcomeItems).where(eq(outcomeItems.outcomeId, id))).toHaveLength(2);
    const actions = await db.select().from(followUpActions).where(eq(followUpActions.outcomeId, id));
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ status: "planned", dueOn: "2027-03-31" });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(events.map((e) => e.kind)).toEqual(["outcome.published"]);
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(["outcome.published"]);
    const onConsultation = await db
      .select()
      .from(timelineEntries)
      .where(
        and(eq(timelineEntries.subjectType, "consultation"), eq(timelineEntries.subjectId, consultationId)),
      );
    expect(onConsultation.map((e) => e.kind)).toEqual(["meetings:timeline.outcomeOnParent"]);
    const followsOutcome = await db
      .select()
      .from(follows)
      .where(and(eq(follows.subjectType, "outcome"), eq(follows.subjectId, id)));
    expect(followsOutcome.map((f) => f.userId)).toEqual([follower.id]);
    const notes = await db.select().from(notifications).where(eq(notifications.userId, follower.id));
    expect(notes.map((n) => n.href)).toEqual([`/outcomes/${id}`]);
    const outcome = await getOutcome(id);
    expect(outcome!.actions[0]!.history).toHaveLength(1);
  });

  test("another community's committee, a resident and another street's official are refused; the street may", async () => {
    const otherCommittee = await makeStaff("committee_member", tree.C2.id, "别的委员");
    const resident = await makeResident(tree.C.id);
    const otherStreet = await makeStaff("street_official", tree.S2.id);
    for (const who of [otherCommittee, resident, otherStreet]) {
      const e = await refusal(publishOutcome({ actor: who, actorRoles: who.roles, values: values(), now }));
      expect(e.code).toBe("meetings:errors.notManager");
      expect(e.status).toBe(403);
    }
    expect(await db.select().from(outcomes).where(eq(outcomes.consultationId, consultationId))).toHaveLength(
      0,
    );
    const street = await makeStaff("street_official", tree.S.id);
    await publishOutcome({ actor: street, actorRoles: street.roles, values: values(), now });
  });

  test("once per consultation, also when two publish at once", async () => {
    const second = await makeStaff("committee_member", tree.C.id, "另一位委员");
    const results = await Promise.all([
      settle(publishOutcome({ actor: committee, actorRoles: committee.roles, values: values(), now })),
      settle(publishOutcome({ actor: second, actorRoles: second.roles, values: values(), now })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && (failed.error as DomainError).code).toBe("meetings:errors.outcomeExists");
    expect(await db.select().from(outcomes).where(eq(outcomes.consultationId, consultationId))).toHaveLength(
      1,
    );
    const again = await refusal(
      publishOutcome({ actor: committee, actorRoles: committee.roles, values: values(), now }),
    );
    expect(again.code).toBe("meetings:errors.outcomeExists");
  });

  test("an open consultation, a draft one and a forged id are refused", async () => {
    const open = await makeConsultation(tree.C.id, new Date(now.getTime() + 1000));
    const e = await refusal(
      publishOutcome({
        actor: committee,
        actorRoles: committee.roles,
        values: values({ consultationId: open }),
        now,
      }),
    );
    expect(e.code).toBe("meetings:errors.consultationStillOpen");
    await db.update(consultations).set({ status: "draft" }).where(eq(consultations.id, consultationId));
    expect(
      (
        await refusal(
          publishOutcome({ actor: committee, actorRoles: committee.roles, values: values(), now }),
        )
      ).code,
    ).toBe("meetings:errors.consultationNotPublished");
    const forged = await refusal(
      publishOutcome({
        actor: committee,
        actorRoles: committee.roles,
        values: values({ consultationId: "00000000-0000-4000-8000-000000000000" }),
        now,
      }),
    );
    expect(forged.status).toBe(404);
  });
});

describe("updateFollowUp and the decisions list", () => {
  test("a manager updates a status with a note: history, audit, timeline, followers told; others refused", async () => {
    const follower = await makeResident(tree.C.id);
    const { id } = await publishOutcome({
      actor: committee,
      actorRoles: committee.roles,
      values: values(),
      now,
    });
    await db.insert(follows).values({ userId: follower.id, subjectType: "outcome", subjectId: id });
    const [action] = await db.select().from(followUpActions).where(eq(followUpActions.outcomeId, id));
    await updateFollowUp({
      actor: committee,
      actorRoles: committee.roles,
      actionId: action!.id,
      status: "in_progress",
      note: "已提交报建材料",
      now,
    });
    const [after] = await db.select().from(followUpActions).where(eq(followUpActions.id, action!.id));
    expect(after!.status).toBe("in_progress");
    const history = await db.select().from(followUpUpdates).where(eq(followUpUpdates.actionId, action!.id));
    expect(history.map((h) => h.status)).toEqual(["planned", "in_progress"]);
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, action!.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "follow_up.updated",
      before: { status: "planned" },
      reason: "已提交报建材料",
      areaId: tree.C.id,
    });
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((t) => t.kind)).toContain("meetings:timeline.followUp.in_progress");
    const notes = await db.select().from(notifications).where(eq(notifications.userId, follower.id));
    expect(notes.map((n) => n.kind)).toContain("meetings:notifications.followUpUpdated");

    const other = await makeStaff("committee_member", tree.C3.id);
    const base = { actionId: action!.id, status: "done" as const, note: "完成" };
    expect((await refusal(updateFollowUp({ actor: other, actorRoles: other.roles, ...base }))).status).toBe(
      403,
    );
    expect(
      (await refusal(updateFollowUp({ actor: follower, actorRoles: follower.roles, ...base }))).status,
    ).toBe(403);
    expect(
      (await refusal(updateFollowUp({ actor: committee, actorRoles: committee.roles, ...base, note: "  " })))
        .code,
    ).toBe("errors:required");
    expect(
      (
        await refusal(
          updateFollowUp({ actor: committee, actorRoles: committee.roles, ...base, actionId: "x" }),
        )
      ).status,
    ).toBe(404);
  });

  test("decisions of an area include its sub-areas, newest first; exports carry no personal data", async () => {
    const c2 = await makeConsultation(tree.C2.id);
    const c3 = await makeConsultation(tree.C3.id);
    const committee2 = await makeStaff("committee_member", tree.C2.id, "乙委员");
    const committee3 = await makeStaff("committee_member", tree.C3.id, "丙委员");
    await publishOutcome({
      actor: committee,
      actorRoles: committee.roles,
      values: values(),
      now: new Date(now.getTime() - 1000),
    });
    await publishOutcome({
      actor: committee2,
      actorRoles: committee2.roles,
      values: values({ consultationId: c2, title: "=乙" }),
      now,
    });
    await publishOutcome({
      actor: committee3,
      actorRoles: committee3.roles,
      values: values({ consultationId: c3 }),
      now,
    });
    const street = await listDecisions(tree.S.path, 1);
    expect(street.total).toBe(2);
    expect(street.rows.map((r) => r.area.id)).toEqual([tree.C2.id, tree.C.id]);
    expect(street.rows[1]).toMatchObject({ actionsTotal: 1, actionsDone: 0 });
    expect((await listDecisions(tree.C.path, 1)).total).toBe(1);
    expect((await listDecisions(tree.S.path, 2, 1)).rows.map((r) => r.area.id)).toEqual([tree.C.id]);
    const exported = await loadDecisionsExport(tree.S.path);
    expect(exported).toHaveLength(2);
    const json = JSON.stringify(exported);
    expect(json).not.toContain(committee.id);
    expect(json).not.toContain("社区委员");
    const csv = decisionsCsv(exported, shanghaiToday(now));
    expect(csv.split("\r\n")[0]).toContain("outcome_id");
    expect(csv).toContain("'=乙");
    expect(csv).not.toContain(committee.id);
  });
});

describe("objections on an outcome (public notice)", () => {
  test("a resident objects in the window, the committee answers; after the window it is refused", async () => {
    const { id } = await publishOutcome({
      actor: committee,
      actorRoles: committee.roles,
      values: values(),
      now,
    });
    const found = (await getOutcome(id))!;
    const subject = outcomeNoticeSubject({ ...found.outcome, areaPath: found.area.path });
    const resident = await makeResident(tree.C.id);
    const { id: objectionId } = await raiseObjection({
      actor: resident,
      actorRoles: resident.roles,
      subject,
      reason: "低层住户意见未充分听取。",
      now: new Date(now.getTime() + DAY),
    });
    const other = await makeStaff("committee_member", tree.C2.id);
    const refused = await refusal(
      answerObjection({
        actor: other,
        actorRoles: other.roles,
        subject,
        objectionId,
        answer: "dismissed",
        answerText: "x",
      }),
    );
    expect(refused.status).toBe(403);
    const answered = await answerObjection({
      actor: committee,
      actorRoles: committee.roles,
      subject,
      objectionId,
      answer: "dismissed",
      answerText: "已在第二次议事会上专门听取。",
    });
    expect(answered.objectorId).toBe(resident.id);
    const late = await refusal(
      raiseObjection({
        actor: resident,
        actorRoles: resident.roles,
        subject,
        reason: "再提",
        now: new Date(now.getTime() + 7 * DAY),
      }),
    );
    expect(late.code).toBe("projects:errors.noticeClosed");
  });
});
