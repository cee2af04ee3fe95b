import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { fundingCalls } from "~db/schema/funding";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { makeCall, makeFundingAreas, makePersonWithRole } from "../../../tests/helpers/funding-fixtures";
import { makeUser } from "../../../tests/helpers/residency-fixtures";
import { answerQuestion, askQuestion } from "./call-questions.server";
import { callPage, listManagedCalls, listVisibleCalls } from "./call-queries.server";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let official: { actor: { id: string }; roles: Awaited<ReturnType<typeof listActiveRoles>> };

beforeAll(async () => {
  areas = await makeFundingAreas();
  const p = await makePersonWithRole("street_official", areas.street.id);
  official = { actor: p.user, roles: await listActiveRoles(p.userId) };
});

describe("public Q&A", () => {
  test("asked by anyone signed in, answered by an official, the answer shown to all", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const asker = await makeUser("提问人");
    const bystander = await makeUser("旁观者");
    const { id: questionId } = await askQuestion({
      actor: asker,
      callId: call.id,
      question: "可以联合申报吗？",
    });
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.subjectId, call.id), eq(participationEvents.kind, "call.question_asked")),
      );
    expect(events).toHaveLength(1);

    // Unanswered: the asker and officials see it, nobody else.
    expect((await callPage(call.id, { id: asker.id, roles: [] }))?.questions.map((q) => q.mine)).toEqual([
      true,
    ]);
    expect((await callPage(call.id, { id: bystander.id, roles: [] }))?.questions).toEqual([]);
    expect((await callPage(call.id, null))?.questions).toEqual([]);
    expect(
      (await callPage(call.id, { id: official.actor.id, roles: official.roles }))?.questions,
    ).toHaveLength(1);

    expect(
      await refusal(
        answerQuestion({ actor: bystander, actorRoles: [], callId: call.id, questionId, answer: "可以" }),
      ),
    ).toEqual({ code: "calls:errors.notYourCall", status: 403 });
    await answerQuestion({
      actor: official.actor,
      actorRoles: official.roles,
      callId: call.id,
      questionId,
      answer: "可以，由牵头机构提交。",
    });
    expect((await callPage(call.id, null))?.questions.map((q) => q.answer)).toEqual([
      "可以，由牵头机构提交。",
    ]);
    expect(
      await db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.subjectId, call.id), eq(auditEntries.action, "call.question_answered"))),
    ).toHaveLength(1);
    expect(
      await refusal(
        answerQuestion({
          actor: official.actor,
          actorRoles: official.roles,
          callId: call.id,
          questionId,
          answer: "再答",
        }),
      ),
    ).toEqual({ code: "calls:errors.alreadyAnswered", status: 409 });
  });

  test("no questions on a closed or invisible call; a question id of another call is a 404", async () => {
    const asker = await makeUser("提问人");
    const { call: closed } = await makeCall(areas.street.id, { phase: "closed" });
    expect(await refusal(askQuestion({ actor: asker, callId: closed.id, question: "还能交吗？" }))).toEqual({
      code: "calls:errors.questionsClosed",
      status: 409,
    });
    const { call: draft } = await makeCall(areas.street.id, { phase: "draft" });
    expect(await refusal(askQuestion({ actor: asker, callId: draft.id, question: "?" }))).toEqual({
      code: "calls:errors.callNotFound",
      status: 404,
    });
    const { call: a } = await makeCall(areas.street.id, { phase: "open" });
    const { call: b } = await makeCall(areas.street.id, { phase: "open" });
    const { id } = await askQuestion({ actor: asker, callId: a.id, question: "问题" });
    expect(
      await refusal(
        answerQuestion({
          actor: official.actor,
          actorRoles: official.roles,
          callId: b.id,
          questionId: id,
          answer: "答",
        }),
      ),
    ).toEqual({ code: "calls:errors.questionNotFound", status: 404 });
  });
});

describe("visibility and lists", () => {
  test("a draft is invisible to the public and listed for its officials", async () => {
    const { call: draft } = await makeCall(areas.street.id, { phase: "draft" });
    expect(await callPage(draft.id, null)).toBeNull();
    expect((await callPage(draft.id, { id: official.actor.id, roles: official.roles }))?.phase).toBe("draft");
    const visible = await listVisibleCalls({ area: await areaCode(areas.street.id) });
    expect(visible.calls.map((c) => c.id)).not.toContain(draft.id);
    expect((await listManagedCalls(official.roles)).map((c) => c.id)).toContain(draft.id);
  });

  test("filters by kind, phase and category, closing soonest first", async () => {
    const fresh = await makeFundingAreas();
    const { call: open } = await makeCall(fresh.street.id, { phase: "open" });
    const { call: purchase } = await makeCall(fresh.street.id, { phase: "open", kind: "purchase" });
    const { call: closed } = await makeCall(fresh.street.id, { phase: "closed" });
    await db
      .update(fundingCalls)
      .set({ categories: ["youth"] })
      .where(eq(fundingCalls.id, closed.id));
    const area = await areaCode(fresh.district.id);
    const ids = async (f: Parameters<typeof listVisibleCalls>[0]) =>
      (await listVisibleCalls({ area, ...f })).calls.map((c) => c.id);
    const all = await ids({});
    expect(all).toHaveLength(3);
    expect(all[0]).toBe(closed.id);
    expect((await ids({ phase: "open" })).sort()).toEqual([open.id, purchase.id].sort());
    expect(await ids({ kind: "purchase" })).toEqual([purchase.id]);
    expect(await ids({ category: "youth" })).toEqual([closed.id]);
    expect(await ids({ phase: "closed" })).toEqual([closed.id]);
  });
});

async function areaCode(id: number) {
  const { areas: table } = await import("~db/schema/areas");
  const [row] = await db.select({ code: table.code }).from(table).where(eq(table.id, id));
  return row!.code;
}
