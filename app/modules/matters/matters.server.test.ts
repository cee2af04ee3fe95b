import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { calendarDays, matterMeToos } from "~db/schema/matters";
import { timelineEntries } from "~db/schema/livelihood";
import { follows, notifications } from "~db/schema/notifications";
import { attachments } from "~db/schema/uploads";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import type { UploadStorage } from "~/modules/uploads/storage.server";
import { makeResident } from "../../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import { acknowledgeMatter } from "./acknowledge-matter.server";
import { removeCalendarDay, setCalendarDay } from "./calendar.server";
import { markMatterConsulting } from "./mark-matter-consulting.server";
import { seedDemoMatters } from "./demo-matters.server";
import { countMeToos, getMatter, listMatterQueue, listMatters } from "./matter-queries.server";
import { addMeToo, retractMeToo } from "./me-too.server";
import { raiseMatter } from "./raise-matter.server";
import { rateResponse } from "./rate-response.server";
import { respondToMatter } from "./respond-to-matter.server";
import { responseDaysFor, setResponseDays } from "./response-settings.server";

const sh = (local: string) => new Date(`${local}+08:00`);

let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let otherCommittee: Awaited<ReturnType<typeof makeStaff>>;
let street: Awaited<ReturnType<typeof makeStaff>>;
let otherStreet: Awaited<ReturnType<typeof makeStaff>>;
let cityOfficial: Awaited<ReturnType<typeof makeStaff>>;
let author: Awaited<ReturnType<typeof makeResident>>;
let neighbour: Awaited<ReturnType<typeof makeResident>>;
let neighbour2: Awaited<ReturnType<typeof makeResident>>;
let outsider: Awaited<ReturnType<typeof makeResident>>;

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  otherCommittee = await makeStaff("committee_member", tree.C2.id, "别处委员");
  street = await makeStaff("street_official", tree.S.id, "街道干部");
  otherStreet = await makeStaff("street_official", tree.S2.id, "乙街道干部");
  cityOfficial = await makeStaff("city_official", tree.city.id, "市干部");
  author = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
  neighbour = await makeResident(tree.C.id, "李伯");
  neighbour2 = await makeResident(tree.C.id, "王姐");
  outsider = await makeResident(tree.C3.id, "外人");
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function refusal(p: Promise<unknown>) {
  const r = await settle(p);
  expect(r.ok).toBe(false);
  if (r.ok || !isDomainError(r.error)) throw r.ok ? new Error("not refused") : r.error;
  return { code: r.error.code, status: r.error.status };
}

function raise(now = sh("2026-11-23T10:00"), extra: Partial<Parameters<typeof raiseMatter>[0]> = {}) {
  return raiseMatter({
    actor: author,
    actorRoles: author.roles,
    communityCode: tree.C.code,
    gridCode: tree.G.code,
    title: "5栋电梯经常停运",
    description: "上周停了三次，老人上下楼很困难。",
    category: "facilities",
    address: "幸福路5号",
    now,
    ...extra,
  });
}

describe("raiseMatter", () => {
  test("a resident raises a matter: deadline in working days, event, timeline, author follows", async () => {
    const { id, responseDueAt, responseDays } = await raise(sh("2026-11-27T20:00"));
    expect(responseDays).toBe(5);
    // Friday evening + 5 working days: Mon 30 Nov … Fri 4 Dec.
    expect(responseDueAt).toEqual(sh("2026-12-04T23:59:59.999"));
    const matter = await getMatter(id);
    expect(matter).toMatchObject({
      status: "raised",
      communityId: tree.C.id,
      gridId: tree.G.id,
      meTooCount: 0,
    });
    const events = await db.select().from(participationEvents).where(eq(participationEvents.subjectId, id));
    expect(events.map((e) => [e.kind, e.areaId])).toEqual([["matter.raised", tree.G.id]]);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((e) => e.kind)).toEqual(["matters:timeline.raised"]);
    const f = await db
      .select()
      .from(follows)
      .where(and(eq(follows.subjectId, id), eq(follows.userId, author.id)));
    expect(f).toHaveLength(1);
    // The community's committee is told; the other community's is not.
    const told = await db.select().from(notifications).where(eq(notifications.subjectId, id));
    expect(told.map((n) => [n.userId, n.kind])).toEqual([[committee.id, "matters:notifications.raised"]]);
  });

  test("outsiders, people without residency and officials are refused; a grid of another community too", async () => {
    expect(
      await refusal(raiseMatter({ ...baseInput(), actor: outsider, actorRoles: outsider.roles })),
    ).toMatchObject({ code: "matters:errors.notResident", status: 403 });
    const nobody = await makeUser();
    expect(await refusal(raiseMatter({ ...baseInput(), actor: nobody, actorRoles: [] }))).toMatchObject({
      code: "matters:errors.notResident",
    });
    expect(
      await refusal(raiseMatter({ ...baseInput(), actor: committee, actorRoles: committee.roles })),
    ).toMatchObject({ code: "matters:errors.notResident" });
    expect(await refusal(raiseMatter({ ...baseInput(), gridCode: tree.G3.code }))).toMatchObject({
      code: "matters:errors.pickGrid",
    });
    expect(await refusal(raiseMatter({ ...baseInput(), communityCode: "NOPE" }))).toMatchObject({
      code: "matters:errors.pickArea",
      status: 404,
    });
    // A street is not a community.
    expect(await refusal(raiseMatter({ ...baseInput(), communityCode: tree.S.code }))).toMatchObject({
      code: "matters:errors.pickArea",
    });
  });

  test("the nearest area setting applies and the holiday calendar moves the deadline", async () => {
    const { tree: t2 } = { tree: await makeAreaTree() };
    const streetOfficial = await makeStaff("street_official", t2.S.id);
    const committee2 = await makeStaff("committee_member", t2.C.id);
    const resident = await makeResident(t2.C.id);
    expect((await responseDaysFor(t2.C.path)).days).toBe(5);
    await setResponseDays({
      actor: streetOfficial,
      actorRoles: streetOfficial.roles,
      areaCode: t2.S.code,
      days: 3,
    });
    expect(await responseDaysFor(t2.C.path)).toMatchObject({ days: 3, setAt: { code: t2.S.code } });
    await setResponseDays({ actor: committee2, actorRoles: committee2.roles, areaCode: t2.C.code, days: 2 });
    expect(await responseDaysFor(t2.C.path)).toMatchObject({ days: 2, setAt: { code: t2.C.code } });
    expect((await responseDaysFor(t2.C2.path)).days).toBe(3);

    const admin = await makeStaff("platform_admin", t2.city.id);
    await setCalendarDay({
      actor: admin,
      actorRoles: admin.roles,
      day: "2027-10-01",
      isWorkday: false,
      name: "国庆节",
    });
    // Thu 30 Sep 2027 + 2 working days: Fri 1 Oct is a holiday → Mon 4, Tue 5 Oct.
    const { responseDueAt } = await raiseMatter({
      actor: resident,
      actorRoles: resident.roles,
      communityCode: t2.C.code,
      title: "路灯不亮",
      description: "晚上很黑",
      category: "safety",
      now: sh("2027-09-30T10:00"),
    });
    expect(responseDueAt).toEqual(sh("2027-10-05T23:59:59.999"));
    await removeCalendarDay({ actor: admin, actorRoles: admin.roles, day: "2027-10-01" });
    expect(await db.select().from(calendarDays).where(eq(calendarDays.day, "2027-10-01"))).toHaveLength(0);
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, "2027-10-01"));
    expect(audits.map((a) => a.action)).toEqual(["calendar.changed", "calendar.changed"]);
  });
});

function baseInput() {
  return {
    actor: author,
    actorRoles: author.roles,
    communityCode: tree.C.code,
    gridCode: tree.G.code,
    title: "t",
    description: "d",
    category: "noise" as const,
  };
}

describe("settings permissions", () => {
  test("only the area's committee or officials above set response days; only admins keep the calendar", async () => {
    expect(
      await refusal(
        setResponseDays({
          actor: otherCommittee,
          actorRoles: otherCommittee.roles,
          areaCode: tree.C.code,
          days: 3,
        }),
      ),
    ).toMatchObject({ code: "matters:errors.notYourArea", status: 403 });
    expect(
      await refusal(
        setResponseDays({ actor: committee, actorRoles: committee.roles, areaCode: tree.S.code, days: 3 }),
      ),
    ).toMatchObject({ code: "matters:errors.notYourArea" });
    expect(
      await refusal(
        setResponseDays({ actor: committee, actorRoles: committee.roles, areaCode: tree.C.code, days: 0 }),
      ),
    ).toMatchObject({ code: "matters:errors.daysRange" });
    expect(
      await refusal(
        setResponseDays({ actor: committee, actorRoles: committee.roles, areaCode: tree.C.code, days: 31 }),
      ),
    ).toMatchObject({ code: "matters:errors.daysRange" });
    expect(
      await refusal(
        setCalendarDay({
          actor: street,
          actorRoles: street.roles,
          day: "2027-01-01",
          isWorkday: false,
          name: "元旦",
        }),
      ),
    ).toMatchObject({ code: "matters:errors.calendarNotAllowed", status: 403 });
    await setCalendarDay({
      actor: cityOfficial,
      actorRoles: cityOfficial.roles,
      day: "2028-01-01",
      isWorkday: false,
      name: "元旦",
    });
    await setResponseDays({ actor: committee, actorRoles: committee.roles, areaCode: tree.C.code, days: 5 });
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.action, "area.response_days_changed"),
          eq(auditEntries.subjectId, String(tree.C.id)),
        ),
      );
    expect(audit).toMatchObject({ actorUserId: committee.id, after: { responseWorkingDays: 5 } });
  });
});

describe("me too", () => {
  test("one each, counted in the same transaction, even when sent in parallel; retract lowers it once", async () => {
    const { id } = await raise();
    const results = await Promise.all([
      addMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: id }),
      addMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: id }),
      addMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["added", "already", "already"]);
    await addMeToo({ actor: neighbour2, actorRoles: neighbour2.roles, matterId: id });
    expect((await getMatter(id))?.meTooCount).toBe(2);
    expect(await countMeToos(id)).toBe(2);
    const events = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "matter.me_too")));
    expect(events).toHaveLength(2);

    const retracts = await Promise.all([
      retractMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: id }),
      retractMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: id }),
    ]);
    expect(retracts.map((r) => r.status).sort()).toEqual(["none", "retracted"]);
    expect((await getMatter(id))?.meTooCount).toBe(1);
    expect(await db.select().from(matterMeToos).where(eq(matterMeToos.matterId, id))).toHaveLength(1);
  });

  test("the author, outsiders and forged ids are refused", async () => {
    const { id } = await raise();
    expect(await refusal(addMeToo({ actor: author, actorRoles: author.roles, matterId: id }))).toMatchObject({
      code: "matters:errors.ownMatter",
    });
    expect(
      await refusal(addMeToo({ actor: outsider, actorRoles: outsider.roles, matterId: id })),
    ).toMatchObject({
      code: "matters:errors.notResident",
      status: 403,
    });
    expect(
      await refusal(
        addMeToo({
          actor: neighbour,
          actorRoles: neighbour.roles,
          matterId: "00000000-0000-4000-8000-000000000000",
        }),
      ),
    ).toMatchObject({ code: "matters:errors.matterNotFound", status: 404 });
    expect(
      await refusal(addMeToo({ actor: neighbour, actorRoles: neighbour.roles, matterId: "nope" })),
    ).toMatchObject({
      status: 404,
    });
  });
});

describe("committee handling", () => {
  test("acknowledge then answer on time: audit, timeline, responded event with onTime and hours", async () => {
    const { id } = await raise(sh("2026-11-23T10:00"));
    await acknowledgeMatter({
      actor: committee,
      actorRoles: committee.roles,
      matterId: id,
      handlerName: "黄主任",
      now: sh("2026-11-23T12:00"),
    });
    expect(await getMatter(id)).toMatchObject({ status: "acknowledged", handlerName: "黄主任" });
    // Twice is refused.
    expect(
      await refusal(
        acknowledgeMatter({ actor: committee, actorRoles: committee.roles, matterId: id, handlerName: "x" }),
      ),
    ).toMatchObject({ code: "matters:errors.transitionNotAllowed", status: 409 });
    const r = await respondToMatter({
      actor: committee,
      actorRoles: committee.roles,
      matterId: id,
      kind: "answer",
      text: "已联系物业，本周内维修。",
      now: sh("2026-11-24T10:00"),
    });
    expect(r).toMatchObject({ status: "answered", onTime: true, responseHours: 24 });
    const events = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "matter.responded")));
    expect(events[0]?.meta).toMatchObject({ onTime: true, responseHours: 24 });
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audits.map((a) => a.action).sort()).toEqual(["matter.acknowledged", "matter.responded"]);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((e) => e.kind)).toEqual([
      "matters:timeline.raised",
      "matters:timeline.acknowledged",
      "matters:timeline.answered",
    ]);
    // The author follows the matter and heard of both steps after they committed.
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.subjectId, id), eq(notifications.userId, author.id)));
    expect(told.map((n) => n.kind).sort()).toEqual([
      "matters:notifications.acknowledged",
      "matters:notifications.responded",
    ]);
    // Answered matters take no further response.
    expect(
      await refusal(
        respondToMatter({
          actor: committee,
          actorRoles: committee.roles,
          matterId: id,
          kind: "decline",
          text: "x",
        }),
      ),
    ).toMatchObject({ code: "matters:errors.alreadyResponded", status: 409 });
    expect(
      await refusal(
        acknowledgeMatter({ actor: committee, actorRoles: committee.roles, matterId: id, handlerName: "x" }),
      ),
    ).toMatchObject({ code: "matters:errors.transitionNotAllowed" });
  });

  test("respond straight from raised; a late response is recorded as not on time; handler defaults to the responder", async () => {
    const { id, responseDueAt } = await raise(sh("2026-11-23T10:00"));
    const late = new Date(responseDueAt.getTime() + 1000);
    const r = await respondToMatter({
      actor: street,
      actorRoles: street.roles,
      matterId: id,
      kind: "referral",
      text: "已转交区住建局处理。",
      department: "区住建局",
      now: late,
    });
    expect(r).toMatchObject({ status: "referred", onTime: false });
    expect(await getMatter(id)).toMatchObject({
      referredDepartment: "区住建局",
      handlerName: "街道干部",
      responseKind: "referral",
    });
  });

  test("decline and propose; referral without a department refused", async () => {
    const a = await raise();
    await respondToMatter({
      actor: committee,
      actorRoles: committee.roles,
      matterId: a.id,
      kind: "decline",
      text: "不属于社区职责",
    });
    expect((await getMatter(a.id))?.status).toBe("declined");
    const b = await raise();
    await respondToMatter({
      actor: committee,
      actorRoles: committee.roles,
      matterId: b.id,
      kind: "proposal",
      text: "已转为民生实事提案",
    });
    expect((await getMatter(b.id))?.status).toBe("proposed");
    const c = await raise();
    expect(
      await refusal(
        respondToMatter({
          actor: committee,
          actorRoles: committee.roles,
          matterId: c.id,
          kind: "referral",
          text: "x",
          department: " ",
        }),
      ),
    ).toMatchObject({ code: "matters:errors.departmentRequired" });
  });

  test("the wrong committee, another street, residents and forged ids are refused", async () => {
    const { id } = await raise();
    for (const who of [otherCommittee, otherStreet]) {
      expect(
        await refusal(
          respondToMatter({ actor: who, actorRoles: who.roles, matterId: id, kind: "answer", text: "x" }),
        ),
      ).toMatchObject({ code: "matters:errors.notYourArea", status: 403 });
      expect(
        await refusal(
          acknowledgeMatter({ actor: who, actorRoles: who.roles, matterId: id, handlerName: "x" }),
        ),
      ).toMatchObject({ code: "matters:errors.notYourArea", status: 403 });
    }
    expect(
      await refusal(
        respondToMatter({ actor: author, actorRoles: author.roles, matterId: id, kind: "answer", text: "x" }),
      ),
    ).toMatchObject({ status: 403 });
    expect(
      await refusal(
        respondToMatter({
          actor: committee,
          actorRoles: committee.roles,
          matterId: "00000000-0000-4000-8000-000000000000",
          kind: "answer",
          text: "x",
        }),
      ),
    ).toMatchObject({ status: 404 });
  });

  test("two responders at once: exactly one response", async () => {
    const { id } = await raise();
    const results = await Promise.all([
      settle(
        respondToMatter({
          actor: committee,
          actorRoles: committee.roles,
          matterId: id,
          kind: "answer",
          text: "A",
        }),
      ),
      settle(
        respondToMatter({
          actor: street,
          actorRoles: street.roles,
          matterId: id,
          kind: "decline",
          text: "B",
        }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "matter.responded")));
    expect(audits).toHaveLength(1);
  });

  test("markMatterConsulting moves an open matter to consulting once, inside the caller's transaction", async () => {
    const { id } = await raise();
    const consultationId = crypto.randomUUID();
    await db.transaction((tx) =>
      markMatterConsulting(tx, id, consultationId, { actor: committee, actorRoles: committee.roles }),
    );
    expect(await getMatter(id)).toMatchObject({
      status: "consulting",
      consultationId,
      responseKind: "consultation",
    });
    expect(
      await refusal(
        db.transaction((tx) => markMatterConsulting(tx, id, crypto.randomUUID(), { actor: committee })),
      ),
    ).toMatchObject({ code: "matters:errors.alreadyResponded" });
    const other = await raise();
    expect(
      await refusal(
        db.transaction((tx) =>
          markMatterConsulting(tx, other.id, crypto.randomUUID(), {
            actor: otherCommittee,
            actorRoles: otherCommittee.roles,
          }),
        ),
      ),
    ).toMatchObject({ code: "matters:errors.notYourArea" });
    expect((await getMatter(other.id))?.status).toBe("raised");
  });
});

describe("rating", () => {
  test("only the author, only after a response, once (parallel double submission keeps one)", async () => {
    const { id } = await raise();
    expect(await refusal(rateResponse({ actor: author, matterId: id, rating: "satisfied" }))).toMatchObject({
      code: "matters:errors.notRespondedYet",
    });
    await respondToMatter({
      actor: committee,
      actorRoles: committee.roles,
      matterId: id,
      kind: "answer",
      text: "好",
    });
    expect(
      await refusal(rateResponse({ actor: neighbour, matterId: id, rating: "dissatisfied" })),
    ).toMatchObject({
      code: "matters:errors.onlyAuthorRates",
      status: 403,
    });
    const results = await Promise.all([
      settle(rateResponse({ actor: author, matterId: id, rating: "basically_satisfied" })),
      settle(rateResponse({ actor: author, matterId: id, rating: "basically_satisfied" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await getMatter(id))?.rating).toBe("basically_satisfied");
    const events = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "matter.rated")));
    expect(events).toHaveLength(1);
    expect(events[0]?.meta).toEqual({ rating: "basically" });
  });
});

describe("queues and lists", () => {
  test("committee sees its open matters (overdue first, then me-too); the street sees only overdue ones", async () => {
    const t = await makeAreaTree();
    const c = await makeStaff("committee_member", t.C.id);
    const s = await makeStaff("street_official", t.S.id);
    const r1 = await makeResident(t.C.id);
    const r2 = await makeResident(t.C.id);
    const mk = (now: Date) =>
      raiseMatter({
        actor: r1,
        actorRoles: r1.roles,
        communityCode: t.C.code,
        title: "t",
        description: "d",
        category: "other",
        now,
      });
    const now = sh("2026-12-10T10:00");
    const old = await mk(sh("2026-11-02T10:00")); // due 9 Nov: overdue
    const fresh = await mk(sh("2026-12-09T10:00"));
    const popular = await mk(sh("2026-12-08T10:00"));
    await addMeToo({ actor: r2, actorRoles: r2.roles, matterId: popular.id });
    const answered = await mk(sh("2026-11-02T10:00"));
    await respondToMatter({
      actor: c,
      actorRoles: c.roles,
      matterId: answered.id,
      kind: "answer",
      text: "ok",
    });

    const queue = await listMatterQueue(c.roles, now);
    expect(queue.map((m) => m.id)).toEqual([old.id, popular.id, fresh.id]);
    const streetQueue = await listMatterQueue(s.roles, now);
    expect(streetQueue.map((m) => m.id)).toEqual([old.id]);
    expect(await listMatterQueue(r1.roles, now)).toEqual([]);

    const overdue = await listMatters({ areaPath: t.C.path, status: "overdue", sort: "due", page: 1, now });
    expect(overdue.rows.map((m) => m.id)).toEqual([old.id]);
    const all = await listMatters({ areaPath: t.S.path, status: "all", sort: "metoo", page: 1, now });
    expect(all.total).toBe(4);
    expect(all.rows[0]?.id).toBe(popular.id);
  });
});

describe("demo matters", () => {
  test("one matter at each stage, overdue flagged in the committee's queue", async () => {
    const t = await makeAreaTree();
    const c = await makeStaff("committee_member", t.C.id, "周主任");
    const people = {
      resident: await makeResident(t.C.id, "陈阿姨", t.G.id),
      neighbour: await makeResident(t.C.id, "李伯", t.G.id),
      neighbour2: await makeResident(t.C.id, "Anna", t.G.id),
    };
    const now = new Date();
    const ids = await seedDemoMatters({
      communityCode: t.C.code,
      gridCode: t.G.code,
      residents: people,
      committee: c,
      now,
    });
    const statuses = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, (await getMatter(id))?.status])),
    );
    expect(statuses).toEqual({
      fresh: "raised",
      overdue: "raised",
      handling: "acknowledged",
      answered: "answered",
      referred: "referred",
      forConsultation: "raised",
    });
    expect((await getMatter(ids.answered))?.rating).toBe("satisfied");
    const queue = await listMatterQueue(c.roles, now);
    expect(queue[0]?.id).toBe(ids.overdue);
  });
});

describe("photos", () => {
  const pngBytes = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const pdfBytes = () => new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n");
  function memoryStorage() {
    const files = new Map<string, Uint8Array>();
    return {
      files,
      storage: {
        put: async (key: string, bytes: Uint8Array) => void files.set(key, bytes),
        get: async (key: string) => files.get(key) ?? null,
        remove: async (key: string) => void files.delete(key),
      } as unknown as UploadStorage,
    };
  }

  test("a photo is stored and attached to the matter; a PDF is refused and nothing is kept", async () => {
    const { files, storage } = memoryStorage();
    const { id } = await raise(undefined, {
      photos: [new File([pngBytes()], "lift.png", { type: "image/png" })],
      storage,
    });
    const rows = await db.select().from(attachments).where(eq(attachments.subjectId, id));
    expect(rows.map((r) => [r.subjectType, r.fileName, r.mimeType])).toEqual([
      ["matter", "lift.png", "image/png"],
    ]);
    expect(files.size).toBe(1);
    expect(
      await refusal(raise(undefined, { photos: [new File([pdfBytes()], "x.pdf")], storage })),
    ).toMatchObject({ code: "matters:errors.photosOnly", status: 422 });
    expect(files.size).toBe(1);
  });
});
