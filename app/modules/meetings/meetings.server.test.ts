import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { consultations, meetingMotions, meetingRegistrations, meetings } from "~db/schema/consultations";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { makeResident } from "../../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff } from "../../../tests/helpers/residency-fixtures";
import { cancelMeeting } from "./cancel-meeting.server";
import { cancelRegistration } from "./cancel-registration.server";
import { checkIn } from "./check-in.server";
import { normalizeCheckInCode } from "./check-in-code";
import { createMeeting } from "./create-meeting.server";
import { getMyRegistration } from "./meeting-queries.server";
import { publishMinutes } from "./publish-minutes.server";
import { recordMotion } from "./record-motion.server";
import { registerForMeeting } from "./register-for-meeting.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date();
const startsAt = new Date(now.getTime() + 3 * DAY);
const endsAt = new Date(startsAt.getTime() + 2 * HOUR);

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

async function makeMeeting(capacity = 10, extra: { councilSize?: number; areaId?: number } = {}) {
  const { id } = await createMeeting({
    actor: committee,
    actorRoles: committee.roles,
    values: {
      consultationId,
      title: "加装电梯议事会",
      place: "社区活动室",
      startsAt,
      endsAt,
      capacity,
      councilSize: extra.councilSize,
    },
    now,
  });
  return id;
}

beforeEach(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "社区委员");
  const [c] = await db
    .insert(consultations)
    .values({
      areaId: tree.C.id,
      title: "加装电梯协商",
      background: "背景",
      status: "published",
      opensAt: new Date(now.getTime() - DAY),
      closesAt: new Date(now.getTime() + 10 * DAY),
    })
    .returning({ id: consultations.id });
  consultationId = c!.id;
});

describe("createMeeting", () => {
  test("the committee creates one for its consultation; audited", async () => {
    const id = await makeMeeting(5, { councilSize: 9 });
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    expect(row).toMatchObject({
      areaId: tree.C.id,
      consultationId,
      capacity: 5,
      councilSize: 9,
      status: "scheduled",
    });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(["meeting.created"]);
  });

  test("another community's committee, a resident, a forged subject and a past start are refused", async () => {
    const other = await makeStaff("committee_member", tree.C2.id, "别的委员");
    const resident = await makeResident(tree.C.id);
    const values = { consultationId, title: "t", place: "p", startsAt, endsAt, capacity: 3 };
    for (const who of [other, resident]) {
      expect((await refusal(createMeeting({ actor: who, actorRoles: who.roles, values, now }))).status).toBe(
        403,
      );
    }
    const forged = await refusal(
      createMeeting({
        actor: committee,
        actorRoles: committee.roles,
        values: { ...values, consultationId: "00000000-0000-4000-8000-000000000000" },
        now,
      }),
    );
    expect(forged.status).toBe(404);
    const past = await refusal(
      createMeeting({
        actor: committee,
        actorRoles: committee.roles,
        values,
        now: new Date(startsAt.getTime() + 1000),
      }),
    );
    expect(past.code).toBe("meetings:errors.startInPast");
  });
});

describe("registration", () => {
  test("30 parallel registrations for 10 places: exactly 10 registered, 20 waitlisted in arrival order", async () => {
    const id = await makeMeeting(10);
    const people = await Promise.all(
      Array.from({ length: 30 }, (_, i) => makeResident(tree.C.id, `居民${i}`, tree.G.id)),
    );
    const results = await Promise.all(
      people.map((p) => registerForMeeting({ actor: p, actorRoles: p.roles, meetingId: id, now })),
    );
    expect(results.filter((r) => r.status === "registered")).toHaveLength(10);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(20);
    const rows = await db.select().from(meetingRegistrations).where(eq(meetingRegistrations.meetingId, id));
    expect(rows).toHaveLength(30);
    const byTime = [...rows].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
    // Strict queue order: the first 10 to arrive hold the places, every waitlisted one came later.
    expect(new Set(rows.map((r) => r.registeredAt.getTime())).size).toBe(30);
    expect(byTime.slice(0, 10).every((r) => r.status === "registered")).toBe(true);
    expect(byTime.slice(10).every((r) => r.status === "waitlisted")).toBe(true);
    // Codes are all different, and never stored in clear.
    expect(new Set(results.map((r) => r.code)).size).toBe(30);
    expect(rows.some((r) => r.checkInCodeHash.includes(results[0]!.code))).toBe(false);
    const events = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "meeting.registered")));
    expect(events).toHaveLength(30);
    const last = await getMyRegistration(id, byTime[29]!.userId);
    expect(last).toMatchObject({ status: "waitlisted", position: 20 });
  });

  test("twice is refused; outsiders and latecomers are refused", async () => {
    const id = await makeMeeting(2);
    const r = await makeResident(tree.C.id);
    await registerForMeeting({ actor: r, actorRoles: r.roles, meetingId: id, now });
    expect(
      (await refusal(registerForMeeting({ actor: r, actorRoles: r.roles, meetingId: id, now }))).code,
    ).toBe("meetings:errors.alreadyRegistered");
    const outsider = await makeResident(tree.C3.id);
    expect(
      (await refusal(registerForMeeting({ actor: outsider, actorRoles: outsider.roles, meetingId: id, now })))
        .status,
    ).toBe(403);
    const late = await makeResident(tree.C.id);
    expect(
      (
        await refusal(
          registerForMeeting({ actor: late, actorRoles: late.roles, meetingId: id, now: startsAt }),
        )
      ).code,
    ).toBe("meetings:errors.registrationClosed");
    expect(
      (await refusal(registerForMeeting({ actor: r, actorRoles: r.roles, meetingId: "nope", now }))).status,
    ).toBe(404);
  });

  test("a registered cancellation promotes the earliest waitlisted, who is notified", async () => {
    const id = await makeMeeting(1);
    const [a, b, c] = await Promise.all([1, 2, 3].map((i) => makeResident(tree.C.id, `居民${i}`)));
    await registerForMeeting({ actor: a!, actorRoles: a!.roles, meetingId: id, now });
    await registerForMeeting({ actor: b!, actorRoles: b!.roles, meetingId: id, now });
    await registerForMeeting({ actor: c!, actorRoles: c!.roles, meetingId: id, now });
    const result = await cancelRegistration({ actor: a!, meetingId: id, now });
    expect(result.promotedUserId).toBe(b!.id);
    expect(await getMyRegistration(id, b!.id)).toMatchObject({ status: "registered" });
    expect((await getMyRegistration(id, b!.id))!.promotedAt).not.toBeNull();
    expect(await getMyRegistration(id, c!.id)).toMatchObject({ status: "waitlisted", position: 1 });
    const notes = await db.select().from(notifications).where(eq(notifications.subjectId, id));
    expect(notes.map((n) => n.userId)).toEqual([b!.id]);
    // A waitlisted person leaving promotes nobody.
    expect((await cancelRegistration({ actor: c!, meetingId: id, now })).promotedUserId).toBeNull();
    expect((await refusal(cancelRegistration({ actor: c!, meetingId: id, now }))).code).toBe(
      "meetings:errors.notRegistered",
    );
    // Coming back goes to the back of the queue.
    expect((await registerForMeeting({ actor: a!, actorRoles: a!.roles, meetingId: id, now })).status).toBe(
      "waitlisted",
    );
  });

  test("parallel cancellations promote different people, never more than capacity", async () => {
    const id = await makeMeeting(3);
    const people = await Promise.all(
      Array.from({ length: 6 }, (_, i) => makeResident(tree.C.id, `居民${i}`)),
    );
    for (const p of people) await registerForMeeting({ actor: p, actorRoles: p.roles, meetingId: id, now });
    const results = await Promise.all(
      people.slice(0, 3).map((p) => cancelRegistration({ actor: p, meetingId: id, now })),
    );
    const promoted = results.map((r) => r.promotedUserId);
    expect(new Set(promoted)).toEqual(new Set(people.slice(3).map((p) => p.id)));
    const rows = await db.select().from(meetingRegistrations).where(eq(meetingRegistrations.meetingId, id));
    expect(rows.filter((r) => r.status === "registered")).toHaveLength(3);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(0);
  });
});

describe("check-in", () => {
  async function setUp() {
    const id = await makeMeeting(1);
    const a = await makeResident(tree.C.id, "甲");
    const b = await makeResident(tree.C.id, "乙");
    const ra = await registerForMeeting({ actor: a, actorRoles: a.roles, meetingId: id, now });
    const rb = await registerForMeeting({ actor: b, actorRoles: b.roles, meetingId: id, now });
    return { id, a, b, codeA: ra.code, codeB: rb.code };
  }
  const during = new Date(startsAt.getTime() + 10 * 60_000);

  test("a valid code checks in once: event for the resident (channel meeting), audit; reuse refused", async () => {
    const { id, a, codeA } = await setUp();
    const typed = `${codeA.slice(0, 3).toLowerCase()}-${codeA.slice(3)}`;
    expect(normalizeCheckInCode(typed)).toBe(codeA);
    const done = await checkIn({
      actor: committee,
      actorRoles: committee.roles,
      meetingId: id,
      code: typed,
      now: during,
    });
    expect(done.displayName).toBe("甲");
    const events = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.subjectId, id), eq(participationEvents.kind, "meeting.attended")));
    expect(events).toHaveLength(1);
    expect(events[0]!.channel).toBe("meeting");
    const [reg] = await db.select().from(meetingRegistrations).where(eq(meetingRegistrations.userId, a.id));
    expect(reg!.checkedInBy).toBe(committee.id);
    const again = await refusal(
      checkIn({ actor: committee, actorRoles: committee.roles, meetingId: id, code: codeA, now: during }),
    );
    expect(again.code).toBe("meetings:errors.codeUsed");
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "meeting.checked_in")));
    expect(audit).toHaveLength(1);
  });

  test("the same code typed twice at once counts once", async () => {
    const { id, codeA } = await setUp();
    const results = await Promise.all(
      [1, 2].map(() =>
        settle(
          checkIn({ actor: committee, actorRoles: committee.roles, meetingId: id, code: codeA, now: during }),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  test("another meeting's code, a waitlisted code, a made-up code, a malformed code are refused", async () => {
    const { id, codeA, codeB } = await setUp();
    const other = await makeMeeting(5);
    const otherCode = await refusal(
      checkIn({ actor: committee, actorRoles: committee.roles, meetingId: other, code: codeA, now: during }),
    );
    expect(otherCode.code).toBe("meetings:errors.codeOtherMeeting");
    expect(
      (
        await refusal(
          checkIn({ actor: committee, actorRoles: committee.roles, meetingId: id, code: codeB, now: during }),
        )
      ).code,
    ).toBe("meetings:errors.codeWaitlisted");
    const unknown = codeA === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    expect(
      (
        await refusal(
          checkIn({
            actor: committee,
            actorRoles: committee.roles,
            meetingId: id,
            code: unknown,
            now: during,
          }),
        )
      ).code,
    ).toBe("meetings:errors.codeUnknown");
    expect(
      (
        await refusal(
          checkIn({
            actor: committee,
            actorRoles: committee.roles,
            meetingId: id,
            code: "O0I1",
            now: during,
          }),
        )
      ).code,
    ).toBe("meetings:errors.codeMalformed");
  });

  test("the window: 2 h before start is open, 1 s earlier and at the end are closed", async () => {
    const { id, codeA } = await setUp();
    const opens = startsAt.getTime() - 2 * HOUR;
    const early = await refusal(
      checkIn({
        actor: committee,
        actorRoles: committee.roles,
        meetingId: id,
        code: codeA,
        now: new Date(opens - 1000),
      }),
    );
    expect(early.code).toBe("meetings:errors.checkInClosed");
    expect(
      (
        await refusal(
          checkIn({ actor: committee, actorRoles: committee.roles, meetingId: id, code: codeA, now: endsAt }),
        )
      ).code,
    ).toBe("meetings:errors.checkInClosed");
    await checkIn({
      actor: committee,
      actorRoles: committee.roles,
      meetingId: id,
      code: codeA,
      now: new Date(opens),
    });
  });

  test("a cancelled code is refused, and only the area's managers check people in", async () => {
    const { id, a, codeA } = await setUp();
    await cancelRegistration({ actor: a, meetingId: id, now });
    expect(
      (
        await refusal(
          checkIn({ actor: committee, actorRoles: committee.roles, meetingId: id, code: codeA, now: during }),
        )
      ).code,
    ).toBe("meetings:errors.codeCancelled");
    const other = await makeStaff("committee_member", tree.C3.id);
    expect(
      (
        await refusal(
          checkIn({ actor: other, actorRoles: other.roles, meetingId: id, code: codeA, now: during }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("motions and minutes", () => {
  const during = new Date(startsAt.getTime() + 10 * 60_000);
  test("exactly 2/3 present is not quorate; more than 2/3 with a majority passes; audited and an event", async () => {
    const id = await makeMeeting(10, { councilSize: 9 });
    const vote = (present: number, yes: number, no: number, abstain: number) =>
      recordMotion({
        actor: committee,
        actorRoles: committee.roles,
        meetingId: id,
        motion: "加装电梯",
        present,
        yes,
        no,
        abstain,
        now: during,
      });
    expect(await vote(6, 6, 0, 0)).toMatchObject({ quorate: false, passed: false });
    expect(await vote(7, 4, 3, 0)).toMatchObject({ quorate: true, passed: true });
    expect(await vote(7, 3, 2, 2)).toMatchObject({ quorate: true, passed: false });
    const rows = await db.select().from(meetingMotions).where(eq(meetingMotions.meetingId, id));
    expect(rows).toHaveLength(3);
    const events = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.kind, "decision.made"));
    expect(events.filter((e) => rows.some((r) => r.id === e.subjectId))).toHaveLength(3);
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "meeting.motion_recorded")));
    expect(audit).toHaveLength(3);
    expect((await refusal(vote(7, 5, 3, 0))).code).toBe("meetings:errors.votesInconsistent");
    expect((await refusal(vote(10, 5, 3, 2))).code).toBe("meetings:errors.votesInconsistent");
  });

  test("without a council size the members must be given; before the meeting it is refused", async () => {
    const id = await makeMeeting(10);
    const base = {
      actor: committee,
      actorRoles: committee.roles,
      meetingId: id,
      motion: "m",
      present: 3,
      yes: 3,
      no: 0,
      abstain: 0,
    };
    expect((await refusal(recordMotion({ ...base, now: during }))).code).toBe(
      "meetings:errors.membersRequired",
    );
    expect((await recordMotion({ ...base, members: 4, now: during })).passed).toBe(true);
    expect((await refusal(recordMotion({ ...base, members: 4, now }))).code).toBe(
      "meetings:errors.meetingNotStarted",
    );
  });

  test("minutes only after the end; the meeting is then held; audited", async () => {
    const id = await makeMeeting(10);
    const args = {
      actor: committee,
      actorRoles: committee.roles,
      meetingId: id,
      minutes: "会议纪要：同意加装电梯。",
    };
    expect((await refusal(publishMinutes({ ...args, now: new Date(endsAt.getTime() - 1000) }))).code).toBe(
      "meetings:errors.meetingNotOver",
    );
    await publishMinutes({ ...args, now: endsAt });
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    expect(row).toMatchObject({ status: "held", minutes: "会议纪要：同意加装电梯。" });
    expect((await refusal(publishMinutes({ ...args, minutes: "长".repeat(10_001), now: endsAt }))).code).toBe(
      "errors:tooLong",
    );
    const resident = await makeResident(tree.C.id);
    expect(
      (await refusal(publishMinutes({ ...args, actor: resident, actorRoles: resident.roles, now: endsAt })))
        .status,
    ).toBe(403);
  });
});

describe("cancelling a meeting", () => {
  test("the organiser cancels with a reason: audited, everyone registered or waiting notified, the rest closed", async () => {
    const id = await makeMeeting(1);
    const [a, b] = await Promise.all([1, 2].map((i) => makeResident(tree.C.id, `居民${i}`)));
    await registerForMeeting({ actor: a!, actorRoles: a!.roles, meetingId: id, now });
    await registerForMeeting({ actor: b!, actorRoles: b!.roles, meetingId: id, now });
    const result = await cancelMeeting({
      actor: committee,
      actorRoles: committee.roles,
      meetingId: id,
      reason: "  活动室临时维修，改期另行通知  ",
      now,
    });
    expect(result.notified).toBe(2);
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "活动室临时维修，改期另行通知" });
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "meeting.cancelled")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe("活动室临时维修，改期另行通知");
    const notes = await db.select().from(notifications).where(eq(notifications.subjectId, id));
    expect(
      notes
        .filter((n) => n.kind === "meetings:notifications.meetingCancelled")
        .map((n) => n.userId)
        .sort(),
    ).toEqual([a!.id, b!.id].sort());
    // Registration and a second cancellation are refused; registrations are kept as they were.
    const late = await makeResident(tree.C.id);
    expect(
      (await refusal(registerForMeeting({ actor: late, actorRoles: late.roles, meetingId: id, now }))).code,
    ).toBe("meetings:errors.meetingCancelled");
    expect(
      (
        await refusal(
          cancelMeeting({
            actor: committee,
            actorRoles: committee.roles,
            meetingId: id,
            reason: "再次",
            now,
          }),
        )
      ).code,
    ).toBe("meetings:errors.meetingCancelled");
    expect(await getMyRegistration(id, a!.id)).toMatchObject({ status: "registered" });
  });

  test("a resident, another community's committee, a blank reason and a meeting already over are refused", async () => {
    const id = await makeMeeting();
    const resident = await makeResident(tree.C.id);
    expect(
      (
        await refusal(
          cancelMeeting({
            actor: resident,
            actorRoles: resident.roles,
            meetingId: id,
            reason: "不想开",
            now,
          }),
        )
      ).status,
    ).toBe(403);
    const other = await makeStaff("committee_member", tree.C3.id, "别的社区");
    expect(
      (
        await refusal(
          cancelMeeting({ actor: other, actorRoles: other.roles, meetingId: id, reason: "不想开", now }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await refusal(
          cancelMeeting({ actor: committee, actorRoles: committee.roles, meetingId: id, reason: "   ", now }),
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await refusal(
          cancelMeeting({
            actor: committee,
            actorRoles: committee.roles,
            meetingId: id,
            reason: "太晚",
            now: endsAt,
          }),
        )
      ).code,
    ).toBe("meetings:errors.cannotCancelOver");
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    expect(row!.status).toBe("scheduled");
  });
});
