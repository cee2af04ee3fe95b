import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { timelineEntries } from "~db/schema/livelihood";
import { matters } from "~db/schema/matters";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { makeResident } from "../../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff } from "../../../tests/helpers/residency-fixtures";
import { acknowledgeMatter } from "./acknowledge-matter.server";
import { raiseMatter } from "./raise-matter.server";
import { remindOverdueMatters } from "./remind-overdue.server";
import { respondToMatter } from "./respond-to-matter.server";

const sh = (local: string) => new Date(`${local}+08:00`);

test("a matter past its deadline reminds the committee and tells the author, once, even with two sweeps at once", async () => {
  const tree = await makeAreaTree();
  const committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  const otherCommittee = await makeStaff("committee_member", tree.C2.id, "别处委员");
  const author = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
  const raise = (title: string) =>
    raiseMatter({
      actor: author,
      actorRoles: author.roles,
      communityCode: tree.C.code,
      gridCode: tree.G.code,
      title,
      description: "上周停了三次。",
      category: "facilities",
      address: "幸福路5号",
      now: sh("2026-11-23T10:00"),
    });
  const late = await raise("5栋电梯经常停运");
  const acknowledged = await raise("路灯不亮");
  const answered = await raise("垃圾站异味");
  await acknowledgeMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: acknowledged.id,
    handlerName: "黄主任",
    now: sh("2026-11-24T10:00"),
  });
  await respondToMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: answered.id,
    kind: "answer",
    text: "已联系环卫。",
    now: sh("2026-11-24T10:00"),
  });
  await db.delete(notifications);

  // One second before the deadline: nothing is overdue yet.
  expect(await remindOverdueMatters(new Date(late.responseDueAt.getTime() - 1000))).toBe(0);
  const after = new Date(late.responseDueAt.getTime() + 1000);
  const [a, b] = await Promise.all([remindOverdueMatters(after), remindOverdueMatters(after)]);
  expect(a + b).toBe(2);
  expect(await remindOverdueMatters(new Date(after.getTime() + 60_000))).toBe(0);

  const notes = await db.select().from(notifications);
  const about = (matterId: string, kind: string) =>
    notes.filter((n) => n.subjectId === matterId && n.kind === kind).map((n) => n.userId);
  expect(about(late.id, "matters:notifications.overdue")).toEqual([committee.id]);
  expect(about(late.id, "matters:notifications.overdueAuthor")).toEqual([author.id]);
  expect(about(acknowledged.id, "matters:notifications.overdue")).toEqual([committee.id]);
  expect(notes.some((n) => n.userId === otherCommittee.id)).toBe(false);
  expect(notes.some((n) => n.subjectId === answered.id)).toBe(false);

  const timeline = await db
    .select()
    .from(timelineEntries)
    .where(and(eq(timelineEntries.subjectId, late.id), eq(timelineEntries.kind, "matters:timeline.overdue")));
  expect(timeline).toHaveLength(1);
  expect(timeline[0]!.occurredAt).toEqual(late.responseDueAt);
  const [row] = await db.select().from(matters).where(eq(matters.id, answered.id));
  expect(row!.overdueNotifiedAt).toBeNull();
});
