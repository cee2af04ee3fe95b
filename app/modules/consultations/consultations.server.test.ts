import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { consultationResponses, consultations } from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { makeResident } from "../../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff, makeUser } from "../../../tests/helpers/residency-fixtures";
import type { ConsultationFields } from "./consultation-schemas";
import { getConsultation, listConsultations, listStatements } from "./consultation-queries.server";
import { createConsultation } from "./create-consultation.server";
import { moderateStatement } from "./moderate-statement.server";
import { cancelConsultation, publishConsultation } from "./publish-consultation.server";
import { recordAssistedResponse } from "./record-assisted-response.server";
import { canSeeResults, consultationResults, exportResponses, responsesCsv } from "./results.server";
import { submitResponse } from "./submit-response.server";
import { submitStatement } from "./submit-statement.server";
import { addQuestion, deleteQuestion, moveQuestion, updateConsultation } from "./update-consultation.server";
import { listQuestions } from "./consultation-queries.server";
import { voteStatement } from "./vote-statement.server";
// eslint-disable-next-line import/no-restricted-paths -- a test sets up a matter the real way
import { raiseMatter } from "~/modules/matters/raise-matter.server";

const HOUR = 3_600_000;
let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let otherCommittee: Awaited<ReturnType<typeof makeStaff>>;
let street: Awaited<ReturnType<typeof makeStaff>>;
let gridWorker: Awaited<ReturnType<typeof makeStaff>>;
let otherGridWorker: Awaited<ReturnType<typeof makeStaff>>;

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  otherCommittee = await makeStaff("committee_member", tree.C2.id, "别处委员");
  street = await makeStaff("street_official", tree.S.id, "街道干部");
  gridWorker = await makeStaff("grid_worker", tree.G.id, "网格员甲");
  otherGridWorker = await makeStaff("grid_worker", tree.G3.id, "网格员丙");
});

const fields = (over: Partial<ConsultationFields> = {}): ConsultationFields => ({
  title: "小区加装充电桩",
  background: "居民反映电动车充电难。",
  opensAt: new Date(Date.now() - HOUR),
  closesAt: new Date(Date.now() + 48 * HOUR),
  eligibility: "verified",
  liveResults: false,
  allowStatements: true,
  ...over,
});

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
};

/** A published consultation in community C with a single-choice, a ranking and a scale question. */
async function openConsultation(over: Partial<ConsultationFields> = {}) {
  const { id } = await createConsultation({
    actor: committee,
    actorRoles: committee.roles,
    areaCode: tree.C.code,
    fields: fields(over),
  });
  const base = { actor: committee, actorRoles: committee.roles, consultationId: id };
  const single = await addQuestion({
    ...base,
    question: {
      kind: "single",
      prompt: "装在哪里？",
      options: ["东门", "西门"],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
  });
  const rank = await addQuestion({
    ...base,
    question: {
      kind: "ranking",
      prompt: "排序",
      options: ["甲", "乙", "丙"],
      minChoices: null,
      maxChoices: null,
      required: false,
    },
  });
  const scale = await addQuestion({
    ...base,
    question: {
      kind: "scale",
      prompt: "满意度",
      options: [],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
  });
  await publishConsultation({ ...base, now: new Date(Date.now() - HOUR / 2) });
  return { id, q: { single: single.id, rank: rank.id, scale: scale.id } };
}

const events = (subjectId: string, kind: string) =>
  db
    .select()
    .from(participationEvents)
    .where(and(eq(participationEvents.subjectId, subjectId), eq(participationEvents.kind, kind as never)));

describe("creating and editing", () => {
  test("only the area's committee or an official above it may create; forged area refused", async () => {
    expect(
      await refusal(
        createConsultation({
          actor: otherCommittee,
          actorRoles: otherCommittee.roles,
          areaCode: tree.C.code,
          fields: fields(),
        }),
      ),
    ).toEqual({ code: "consultations:errors.notOrganiser", status: 403 });
    const resident = await makeResident(tree.C.id);
    expect(
      (
        await refusal(
          createConsultation({
            actor: resident,
            actorRoles: resident.roles,
            areaCode: tree.C.code,
            fields: fields(),
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      await refusal(
        createConsultation({
          actor: committee,
          actorRoles: committee.roles,
          areaCode: "NOPE",
          fields: fields(),
        }),
      ),
    ).toEqual({ code: "consultations:errors.areaNotFound", status: 404 });
    expect(
      (
        await refusal(
          createConsultation({
            actor: committee,
            actorRoles: committee.roles,
            matterId: "x",
            fields: fields(),
          }),
        )
      ).status,
    ).toBe(404);
    const { id } = await createConsultation({
      actor: street,
      actorRoles: street.roles,
      areaCode: tree.C.code,
      fields: fields(),
    });
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(["consultation.created"]);
  });

  test("opened on a matter: the matter moves to consulting in the same transaction, once", async () => {
    const author = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
    const { id: matterId } = await raiseMatter({
      actor: author,
      actorRoles: author.roles,
      communityCode: tree.C.code,
      gridCode: tree.G.code,
      title: "充电难",
      description: "楼下没有充电桩",
      category: "facilities",
    });
    const { id } = await createConsultation({
      actor: street,
      actorRoles: street.roles,
      matterId,
      fields: fields(),
    });
    expect((await getConsultation(id))?.matterId).toBe(matterId);
    const [matter] = await db.select().from(matters).where(eq(matters.id, matterId));
    expect(matter!.status).toBe("consulting");
    const before = await db
      .select({ id: consultations.id })
      .from(consultations)
      .where(eq(consultations.matterId, matterId));
    expect(
      (
        await refusal(
          createConsultation({ actor: committee, actorRoles: committee.roles, matterId, fields: fields() }),
        )
      ).status,
    ).toBe(409);
    const after = await db
      .select({ id: consultations.id })
      .from(consultations)
      .where(eq(consultations.matterId, matterId));
    expect(after).toHaveLength(before.length);
    expect(
      (
        await refusal(
          createConsultation({
            actor: otherCommittee,
            actorRoles: otherCommittee.roles,
            matterId,
            fields: fields(),
          }),
        )
      ).status,
    ).toBe(403);
  });

  test("closing before opening is refused", async () => {
    const now = new Date();
    expect(
      await refusal(
        createConsultation({
          actor: committee,
          actorRoles: committee.roles,
          areaCode: tree.C.code,
          fields: fields({ opensAt: now, closesAt: now }),
        }),
      ),
    ).toEqual({ code: "consultations:form.errors.closesBeforeOpens", status: 422 });
  });

  test("questions: add, move, delete while draft; publish needs a question; then the questionnaire is fixed", async () => {
    const { id } = await createConsultation({
      actor: committee,
      actorRoles: committee.roles,
      areaCode: tree.C.code,
      fields: fields(),
    });
    const base = { actor: committee, actorRoles: committee.roles, consultationId: id };
    expect(await refusal(publishConsultation(base))).toEqual({
      code: "consultations:errors.noQuestions",
      status: 422,
    });
    const bad = await refusal(
      addQuestion({
        ...base,
        question: {
          kind: "single",
          prompt: "?",
          options: ["只有一个"],
          minChoices: null,
          maxChoices: null,
          required: true,
        },
      }),
    );
    expect(bad).toEqual({ code: "consultations:questions.errors.optionCount", status: 422 });
    const a = await addQuestion({
      ...base,
      question: {
        kind: "text",
        prompt: "A",
        options: [],
        minChoices: null,
        maxChoices: null,
        required: false,
      },
    });
    const b = await addQuestion({
      ...base,
      question: {
        kind: "multiple",
        prompt: "B",
        options: ["1", "2", "3"],
        minChoices: 1,
        maxChoices: 2,
        required: true,
      },
    });
    await moveQuestion({ ...base, questionId: b.id, direction: "up" });
    expect((await listQuestions(id)).map((q) => q.prompt)).toEqual(["B", "A"]);
    await moveQuestion({ ...base, questionId: b.id, direction: "up" }); // already first: nothing happens
    await deleteQuestion({ ...base, questionId: a.id });
    expect((await listQuestions(id)).map((q) => q.prompt)).toEqual(["B"]);
    expect(
      (await refusal(deleteQuestion({ ...base, questionId: "00000000-0000-0000-0000-000000000000" }))).status,
    ).toBe(404);
    expect(
      (
        await refusal(
          moveQuestion({
            ...base,
            actor: otherCommittee,
            actorRoles: otherCommittee.roles,
            questionId: b.id,
            direction: "down",
          }),
        )
      ).status,
    ).toBe(403);
    await publishConsultation(base);
    expect(await refusal(publishConsultation(base))).toEqual({
      code: "consultations:errors.notDraft",
      status: 409,
    });
    expect((await refusal(deleteQuestion({ ...base, questionId: b.id }))).code).toBe(
      "consultations:errors.notDraft",
    );
    expect((await refusal(updateConsultation({ ...base, fields: fields() }))).code).toBe(
      "consultations:errors.notDraft",
    );
    const opened = await events(id, "consultation.opened");
    expect(opened).toHaveLength(1);
    await cancelConsultation(base);
    expect((await getConsultation(id))?.status).toBe("cancelled");
    expect((await refusal(cancelConsultation(base))).code).toBe("consultations:errors.alreadyCancelled");
  });

  test("drafts are listed for organisers only", async () => {
    const { id } = await createConsultation({
      actor: committee,
      actorRoles: committee.roles,
      areaCode: tree.C.code,
      fields: fields({ title: "草稿专用" }),
    });
    const resident = await makeResident(tree.C.id);
    const forResident = await listConsultations({ areaCode: tree.C.code, page: 1 }, resident.roles);
    expect(forResident.rows.some((r) => r.id === id)).toBe(false);
    const forCommittee = await listConsultations(
      { areaCode: tree.C.code, state: "draft", page: 1 },
      committee.roles,
    );
    expect(forCommittee.rows.some((r) => r.id === id)).toBe(true);
  });
});

describe("responding", () => {
  test("one response per person under 20 parallel submissions; one event", async () => {
    const { id, q } = await openConsultation();
    const resident = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        submitResponse({
          actor: resident,
          actorRoles: resident.roles,
          consultationId: id,
          answers: { [q.single]: i % 2, [q.scale]: (i % 5) + 1 },
        }),
      ),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const rows = await db
      .select()
      .from(consultationResponses)
      .where(eq(consultationResponses.consultationId, id));
    expect(rows).toHaveLength(1);
    expect(await events(id, "consultation.responded")).toHaveLength(1);
    // Changeable until close.
    await submitResponse({
      actor: resident,
      actorRoles: resident.roles,
      consultationId: id,
      answers: { [q.single]: 1, [q.scale]: 2, [q.rank]: [2, 0] },
    });
    const [row] = await db
      .select()
      .from(consultationResponses)
      .where(eq(consultationResponses.consultationId, id));
    expect(row!.answers).toEqual({ [q.single]: 1, [q.scale]: 2, [q.rank]: [2, 0] });
    expect(await events(id, "consultation.responded")).toHaveLength(1);
  });

  test("refused by the server clock at close (±1 s), before opening, for outsiders, for bad answers, forged ids", async () => {
    const closesAt = new Date(Date.now() + 10 * HOUR);
    const { id, q } = await openConsultation({ closesAt });
    const resident = await makeResident(tree.C.id);
    const answers = { [q.single]: 0, [q.scale]: 3 };
    const input = { actor: resident, actorRoles: resident.roles, consultationId: id, answers };
    await submitResponse({ ...input, now: new Date(closesAt.getTime() - 1000) });
    expect(await refusal(submitResponse({ ...input, now: closesAt }))).toEqual({
      code: "consultations:errors.closed",
      status: 409,
    });
    expect((await refusal(submitResponse({ ...input, now: new Date(closesAt.getTime() + 1000) }))).code).toBe(
      "consultations:errors.closed",
    );
    expect((await refusal(submitResponse({ ...input, now: new Date(Date.now() - 2 * HOUR) }))).code).toBe(
      "consultations:errors.notOpenYet",
    );
    const outsider = await makeResident(tree.C2.id);
    expect(await refusal(submitResponse({ ...input, actor: outsider, actorRoles: outsider.roles }))).toEqual({
      code: "consultations:errors.notEligible",
      status: 403,
    });
    const unverified = await makeUser();
    expect((await refusal(submitResponse({ ...input, actor: unverified, actorRoles: [] }))).status).toBe(403);
    expect((await refusal(submitResponse({ ...input, answers: { [q.single]: 5, [q.scale]: 6 } }))).code).toBe(
      "consultations:errors.answersInvalid",
    );
    expect((await refusal(submitResponse({ ...input, consultationId: "not-a-uuid" }))).status).toBe(404);
    expect(
      (await refusal(submitResponse({ ...input, consultationId: "00000000-0000-0000-0000-000000000000" })))
        .status,
    ).toBe(404);
  });

  test("'registered' consultations take anyone signed in", async () => {
    const { id, q } = await openConsultation({ eligibility: "registered" });
    const someone = await makeUser();
    const result = await submitResponse({
      actor: someone,
      actorRoles: [],
      consultationId: id,
      answers: { [q.single]: 0, [q.scale]: 1 },
    });
    expect(result.first).toBe(true);
  });
});

describe("assisted responses", () => {
  test("assisted then online: one row, replaced by the web answer, counted once", async () => {
    const { id, q } = await openConsultation();
    const resident = await makeResident(tree.C.id, "李伯", tree.G.id);
    const assisted = await recordAssistedResponse({
      actor: gridWorker,
      actorRoles: gridWorker.roles,
      consultationId: id,
      residentId: resident.id,
      answers: { [q.single]: 0, [q.scale]: 4 },
    });
    expect(assisted.first).toBe(true);
    // A correction by the grid worker is no new participation.
    await recordAssistedResponse({
      actor: gridWorker,
      actorRoles: gridWorker.roles,
      consultationId: id,
      residentId: resident.id,
      answers: { [q.single]: 1, [q.scale]: 4 },
    });
    let rows = await db
      .select()
      .from(consultationResponses)
      .where(eq(consultationResponses.consultationId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: resident.id, channel: "assisted", recordedBy: gridWorker.id });
    const online = await submitResponse({
      actor: resident,
      actorRoles: resident.roles,
      consultationId: id,
      answers: { [q.single]: 1, [q.scale]: 5 },
    });
    expect(online.first).toBe(false);
    rows = await db.select().from(consultationResponses).where(eq(consultationResponses.consultationId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "web", recordedBy: null });
    const responded = await events(id, "consultation.responded");
    expect(responded).toHaveLength(1);
    expect(responded[0]).toMatchObject({ channel: "assisted", areaId: tree.G.id });
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "response.assisted")));
    expect(audit).toHaveLength(2);
    // The grid worker may not overwrite what the resident gave online.
    expect(
      await refusal(
        recordAssistedResponse({
          actor: gridWorker,
          actorRoles: gridWorker.roles,
          consultationId: id,
          residentId: resident.id,
          answers: { [q.single]: 0, [q.scale]: 1 },
        }),
      ),
    ).toEqual({ code: "consultations:errors.answeredOnline", status: 409 });
    const results = await consultationResults(id);
    expect(results.responses).toEqual({ web: 1, assisted: 0, total: 1 });
  });

  test("only grid workers of a grid in the area, for verified residents of their own grid", async () => {
    const { id, q } = await openConsultation();
    const answers = { [q.single]: 0, [q.scale]: 4 };
    const inG2 = await makeResident(tree.C.id, "王姐", tree.G2.id);
    const input = { actor: gridWorker, actorRoles: gridWorker.roles, consultationId: id, answers };
    expect(await refusal(recordAssistedResponse({ ...input, residentId: inG2.id }))).toEqual({
      code: "consultations:errors.notYourResident",
      status: 403,
    });
    expect((await refusal(recordAssistedResponse({ ...input, residentId: "forged" }))).status).toBe(403);
    const inG = await makeResident(tree.C.id, "赵叔", tree.G.id);
    expect(
      await refusal(
        recordAssistedResponse({
          ...input,
          actor: otherGridWorker,
          actorRoles: otherGridWorker.roles,
          residentId: inG.id,
        }),
      ),
    ).toEqual({ code: "consultations:errors.notGridWorker", status: 403 });
    expect(
      (await refusal(recordAssistedResponse({ ...input, actorRoles: committee.roles, residentId: inG.id })))
        .status,
    ).toBe(403);
  });
});

describe("statements", () => {
  test("submit → pending, moderate once, vote changeable, counts", async () => {
    const { id } = await openConsultation();
    const author = await makeResident(tree.C.id);
    const voter = await makeResident(tree.C.id);
    const { id: statementId } = await submitStatement({
      actor: author,
      actorRoles: author.roles,
      consultationId: id,
      text: " 充电桩应装在东门 ",
    });
    expect(
      (
        await refusal(
          submitStatement({
            actor: author,
            actorRoles: author.roles,
            consultationId: id,
            text: "字".repeat(141),
          }),
        )
      ).code,
    ).toBe("errors:tooLong");
    // Not yet approved: nobody can vote on it.
    expect(
      (
        await refusal(
          voteStatement({
            actor: voter,
            actorRoles: voter.roles,
            consultationId: id,
            statementId,
            vote: "agree",
          }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await refusal(
          moderateStatement({
            actor: otherCommittee,
            actorRoles: otherCommittee.roles,
            consultationId: id,
            statementId,
            decision: "approve",
          }),
        )
      ).status,
    ).toBe(403);
    const both = await Promise.allSettled([
      moderateStatement({
        actor: committee,
        actorRoles: committee.roles,
        consultationId: id,
        statementId,
        decision: "approve",
      }),
      moderateStatement({
        actor: street,
        actorRoles: street.roles,
        consultationId: id,
        statementId,
        decision: "reject",
      }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [statement] = await listStatements(id, voter.id, ["approved", "rejected"]);
    expect(statement!.text).toBe("充电桩应装在东门");
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, statementId));
    expect(audit).toHaveLength(1);

    const second = await submitStatement({
      actor: author,
      actorRoles: author.roles,
      consultationId: id,
      text: "装在西门",
    });
    await moderateStatement({
      actor: committee,
      actorRoles: committee.roles,
      consultationId: id,
      statementId: second.id,
      decision: "approve",
    });
    const vote = { actor: voter, actorRoles: voter.roles, consultationId: id, statementId: second.id };
    await voteStatement({ ...vote, vote: "agree" });
    await voteStatement({ ...vote, vote: "disagree" });
    const counted = (await listStatements(id, voter.id, ["approved"])).find((s) => s.id === second.id);
    expect(counted).toMatchObject({ agree: 0, disagree: 1, pass: 0, mine: "disagree" });
    expect(await events(id, "statement.voted")).toHaveLength(1);
    expect(await events(id, "statement.submitted")).toHaveLength(2);
  });

  test("statements off: refused", async () => {
    const { id } = await openConsultation({ allowStatements: false });
    const author = await makeResident(tree.C.id);
    expect(
      (
        await refusal(
          submitStatement({ actor: author, actorRoles: author.roles, consultationId: id, text: "好" }),
        )
      ).code,
    ).toBe("consultations:errors.noStatements");
  });
});

describe("results", () => {
  test("hidden until close unless live; organisers always; anonymised export", async () => {
    const { id, q } = await openConsultation();
    const c = (await getConsultation(id))!;
    const resident = await makeResident(tree.C.id);
    expect(canSeeResults(c, resident.roles, new Date())).toBe(false);
    expect(canSeeResults(c, committee.roles, new Date())).toBe(true);
    expect(canSeeResults(c, resident.roles, c.closesAt)).toBe(true);
    await db.update(consultations).set({ liveResults: true }).where(eq(consultations.id, id));
    expect(canSeeResults((await getConsultation(id))!, resident.roles, new Date())).toBe(true);

    const people = await Promise.all([
      makeResident(tree.C.id),
      makeResident(tree.C.id),
      makeResident(tree.C.id),
    ]);
    const ballots = [[0, 1, 2], [1, 0], [2]];
    for (const [i, p] of people.entries())
      await submitResponse({
        actor: p,
        actorRoles: p.roles,
        consultationId: id,
        answers: { [q.single]: i === 0 ? 0 : 1, [q.scale]: i + 1, [q.rank]: ballots[i] },
      });
    const results = await consultationResults(id);
    const [single, rank, scale] = results.questions;
    expect(single).toMatchObject({ kind: "single", answered: 3, counts: [1, 2] });
    expect(scale).toMatchObject({ kind: "scale", counts: [1, 1, 1, 0, 0], mean: 2 });
    if (rank?.kind !== "ranking") throw new Error("ranking expected");
    expect(rank.borda.map((r) => [r.option, r.score])).toEqual([
      [0, 3],
      [1, 3],
      [2, 2],
    ]);
    expect(rank.runoff.rounds[0]!.counts).toEqual([1, 1, 1]);

    const data = await exportResponses(c);
    expect(data.responses.map((r) => r.respondent)).toEqual([1, 2, 3]);
    const csv = responsesCsv(data, { respondent: "n", channel: "ch", channelName: (x) => x });
    for (const p of people) expect(csv).not.toContain(p.id);
    expect(csv.split("\r\n")[0]).toContain("Q1 装在哪里？");
  });
});
