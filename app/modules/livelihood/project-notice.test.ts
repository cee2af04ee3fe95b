import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { objections } from "~db/schema/notices";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { countUnansweredObjections, listObjections } from "~/modules/notices/objection-queries.server";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import { schemeNoticeSubject } from "./project-notice.server";

const DAY = 86_400_000;
const now = new Date();
const noticeEndsAt = new Date(now.getTime() + 3 * DAY);

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeEach(async () => {
  world = await makeSchemeWorld({
    phase: "counting",
    resultsPublishedAt: new Date(now.getTime() - 4 * DAY),
    noticeEndsAt,
  });
});

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

async function refusal(p: Promise<unknown>) {
  const r = await settle(p);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error("expected a refusal");
  expect(r.error).toBeInstanceOf(DomainError);
  return r.error as DomainError;
}

async function object(actor: (typeof world.residents)[number], at = now, reason = "预算偏高，请公开明细。") {
  return raiseObjection({
    actor,
    actorRoles: actor.roles,
    subject: await schemeNoticeSubject(world.scheme.id),
    reason,
    now: at,
  });
}

describe("raiseObjection", () => {
  test("a resident objects in the window: row, event in their community, listed without a name", async () => {
    const resident = world.residents[0]!;
    const { id } = await object(resident);
    const events = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, world.scheme.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "objection.raised",
      areaId: world.tree.C.id,
      subjectType: "scheme",
    });
    const list = await listObjections("scheme", world.scheme.id, resident.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, mine: true, answer: null });
    expect(list[0]).not.toHaveProperty("authorId");
    expect((await listObjections("scheme", world.scheme.id, null))[0]!.mine).toBe(false);
  });

  test("someone without residence may object; the event goes to the scheme area", async () => {
    const visitor = await makeUser("路人");
    await raiseObjection({
      actor: visitor,
      actorRoles: [],
      subject: await schemeNoticeSubject(world.scheme.id),
      reason: "施工噪音影响商户。",
      now,
    });
    const [event] = await db
      .select()
      .from(participationEvents)
      .where(eq(participationEvents.subjectId, world.scheme.id));
    expect(event!.areaId).toBe(world.tree.S.id);
  });

  test("1 s before the window ends is in time; at the end and 1 s after it is refused with the date", async () => {
    const resident = world.residents[0]!;
    await object(resident, new Date(noticeEndsAt.getTime() - 1000));
    const atEnd = await refusal(object(resident, noticeEndsAt));
    expect(atEnd.code).toBe("projects:errors.noticeClosed");
    expect(atEnd.params.closedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const after = await refusal(object(resident, new Date(noticeEndsAt.getTime() + 1000)));
    expect(after.code).toBe("projects:errors.noticeClosed");
    expect(await db.select().from(objections).where(eq(objections.subjectId, world.scheme.id))).toHaveLength(
      1,
    );
  });

  test("before results are published there is no notice to object to", async () => {
    const w = await makeSchemeWorld({ phase: "voting" });
    const r = w.residents[0]!;
    const e = await refusal(
      raiseObjection({
        actor: r,
        actorRoles: r.roles,
        subject: await schemeNoticeSubject(w.scheme.id),
        reason: "x",
        now,
      }),
    );
    expect(e.code).toBe("projects:errors.noticeNotOpen");
  });

  test("empty or over-long reason, forged subject are refused", async () => {
    const resident = world.residents[0]!;
    expect((await refusal(object(resident, now, "   "))).code).toBe("errors:required");
    expect((await refusal(object(resident, now, "长".repeat(1001)))).code).toBe("errors:tooLong");
    await object(resident, now, "长".repeat(1000));
    const forged = await refusal(
      raiseObjection({
        actor: resident,
        actorRoles: resident.roles,
        subject: await schemeNoticeSubject("00000000-0000-4000-8000-000000000000"),
        reason: "x",
        now,
      }),
    );
    expect(forged.status).toBe(404);
    expect(
      (
        await refusal(
          raiseObjection({
            actor: resident,
            actorRoles: [],
            subject: await schemeNoticeSubject("nope"),
            reason: "x",
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("answerObjection", () => {
  test("the street official answers once; audited; returns the objector to notify", async () => {
    const { id } = await object(world.residents[0]!);
    expect(await countUnansweredObjections("scheme", world.scheme.id)).toBe(1);
    const result = await answerObjection({
      actor: world.official,
      actorRoles: world.official.roles,
      subject: await schemeNoticeSubject(world.scheme.id),
      objectionId: id,
      answer: "dismissed",
      answerText: "预算已经第三方审核。",
      now,
    });
    expect(result.objectorId).toBe(world.residents[0]!.id);
    expect(await countUnansweredObjections("scheme", world.scheme.id)).toBe(0);
    const [row] = await db.select().from(objections).where(eq(objections.id, id));
    expect(row).toMatchObject({ answer: "dismissed", answeredBy: world.official.id });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "objection.answered", areaId: world.tree.S.id });
    const again = await refusal(
      answerObjection({
        actor: world.official,
        actorRoles: world.official.roles,
        subject: await schemeNoticeSubject(world.scheme.id),
        objectionId: id,
        answer: "upheld",
        answerText: "改判",
      }),
    );
    expect(again.code).toBe("projects:errors.alreadyAnswered");
  });

  test("two officials answering at once: exactly one answer, one audit entry", async () => {
    const { id } = await object(world.residents[0]!);
    const second = await makeStaff("street_official", world.tree.S.id, "另一位干部");
    const results = await Promise.all([
      settle(
        answerObjection({
          actor: world.official,
          actorRoles: world.official.roles,
          subject: await schemeNoticeSubject(world.scheme.id),
          objectionId: id,
          answer: "upheld",
          answerText: "采纳",
        }),
      ),
      settle(
        answerObjection({
          actor: second,
          actorRoles: second.roles,
          subject: await schemeNoticeSubject(world.scheme.id),
          objectionId: id,
          answer: "dismissed",
          answerText: "不采纳",
        }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && (failed.error as DomainError).code).toBe(
      "projects:errors.alreadyAnswered",
    );
    expect(await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id))).toHaveLength(1);
  });

  test("a resident, a committee member of the community (street scheme) or another street are refused", async () => {
    const { id } = await object(world.residents[0]!);
    const otherStreet = await makeStaff("street_official", world.tree.S2.id, "别街干部");
    for (const who of [world.residents[1]!, world.committee, otherStreet]) {
      const e = await refusal(
        answerObjection({
          actor: who,
          actorRoles: who.roles,
          subject: await schemeNoticeSubject(world.scheme.id),
          objectionId: id,
          answer: "upheld",
          answerText: "好",
        }),
      );
      expect(e.status).toBe(403);
    }
    const forged = await refusal(
      answerObjection({
        actor: world.official,
        actorRoles: world.official.roles,
        subject: await schemeNoticeSubject(world.scheme.id),
        objectionId: "00000000-0000-4000-8000-000000000000",
        answer: "upheld",
        answerText: "好",
      }),
    );
    expect(forged.status).toBe(404);
    // Answered through another scheme's notice page: the objection is not that scheme's.
    const other = await makeSchemeWorld({ phase: "counting", resultsPublishedAt: now, noticeEndsAt });
    const elsewhere = await refusal(
      answerObjection({
        actor: other.official,
        actorRoles: other.official.roles,
        subject: await schemeNoticeSubject(other.scheme.id),
        objectionId: id,
        answer: "upheld",
        answerText: "好",
      }),
    );
    expect(elsewhere.status).toBe(404);
    const blank = await refusal(
      answerObjection({
        actor: world.official,
        actorRoles: world.official.roles,
        subject: await schemeNoticeSubject(world.scheme.id),
        objectionId: id,
        answer: "upheld",
        answerText: " ",
      }),
    );
    expect(blank.code).toBe("errors:required");
  });
});
