import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { fundingApplications, fundingAwards, fundingCalls } from "~db/schema/funding";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { livelihoodProjects, timelineEntries } from "~db/schema/livelihood";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { makeUser } from "../../../tests/helpers/residency-fixtures";
import { linkProjectToCall, makeReviewedCall } from "../../../tests/helpers/funding-awards-fixtures";
import { confirmAwards } from "./award-confirm.server";
import { publishAwardNotice, withdrawAward } from "./award-notice.server";
import { proposeAwards } from "./award-propose.server";
import { callNoticeSubject } from "./call-notice.server";

const day = 24 * 3_600_000;

async function refusal(p: Promise<unknown>) {
  const r = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!r) throw new Error("not refused");
  if (!isDomainError(r)) throw r;
  return r.code;
}

const yuan = (n: number) => n * 100;

/** Budget ¥100,000, cap ¥50,000: A 90 asks 40k, B 80 asks 70k (over cap: 50k, skip), C 70 asks 30k, D 60 asks 35k. */
async function world(level: "district" | "city" = "district") {
  const w = await makeReviewedCall({
    budget: 100_000,
    cap: 50_000,
    level,
    apps: [
      { request: 40_000, score: 9 },
      { request: 70_000, score: 8 },
      { request: 30_000, score: 7 },
      { request: 35_000, score: 6 },
    ],
  });
  const [a, b, c, d] = w.applications as [
    (typeof w.applications)[0],
    (typeof w.applications)[0],
    (typeof w.applications)[0],
    (typeof w.applications)[0],
  ];
  return { ...w, a, b, c, d };
}

const base = (w: Awaited<ReturnType<typeof world>>) => ({
  actor: w.official,
  actorRoles: w.official.roles,
  callId: w.call.id,
});

describe("proposing awards", () => {
  test("greedy proposal is stored with rank and score; no justification needed", async () => {
    const w = await world();
    // Greedy: A 40k (60k left), B 50k fits (10k left), C 30k no, D 35k no.
    const result = await proposeAwards({
      ...base(w),
      awards: [
        { applicationId: w.a.id, amountMinor: yuan(40_000) },
        { applicationId: w.b.id, amountMinor: yuan(50_000) },
      ],
    });
    expect(result.deviates).toBe(false);
    const rows = await db.select().from(fundingAwards).where(eq(fundingAwards.callId, w.call.id));
    expect(rows.map((r) => [r.rank, r.totalScore, r.status, r.amountMinor]).sort()).toEqual([
      [1, "90.00", "proposed", yuan(40_000)],
      [2, "80.00", "proposed", yuan(50_000)],
    ]);
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, w.call.id), eq(auditEntries.action, "award.proposed")));
    expect(audit?.actorUserId).toBe(w.official.id);
  });

  test("a deviation needs a justification, which is stored and audited", async () => {
    const w = await world();
    const choice = [
      { applicationId: w.a.id, amountMinor: yuan(40_000) },
      { applicationId: w.c.id, amountMinor: yuan(30_000) },
    ];
    expect(await refusal(proposeAwards({ ...base(w), awards: choice }))).toBe(
      "awards:errors.justificationRequired",
    );
    expect(await refusal(proposeAwards({ ...base(w), awards: choice, deviationNote: "   " }))).toBe(
      "awards:errors.justificationRequired",
    );
    expect(await db.select().from(fundingAwards).where(eq(fundingAwards.callId, w.call.id))).toHaveLength(0);
    await proposeAwards({ ...base(w), awards: choice, deviationNote: "B 项目与区级已立项项目重复" });
    const rows = await db.select().from(fundingAwards).where(eq(fundingAwards.callId, w.call.id));
    expect(rows.every((r) => r.deviationNote === "B 项目与区级已立项项目重复")).toBe(true);
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, w.call.id), eq(auditEntries.action, "award.proposed")));
    expect(audit?.reason).toBe("B 项目与区级已立项项目重复");
  });

  test("awards never exceed the budget, the cap or the request, even with forged amounts and a note", async () => {
    const w = await world();
    const note = { deviationNote: "理由" };
    expect(
      await refusal(
        proposeAwards({
          ...base(w),
          ...note,
          awards: [
            { applicationId: w.a.id, amountMinor: yuan(40_000) },
            { applicationId: w.b.id, amountMinor: yuan(50_000) },
            { applicationId: w.c.id, amountMinor: yuan(30_000) },
          ],
        }),
      ),
    ).toBe("awards:errors.overBudget");
    expect(
      await refusal(
        proposeAwards({
          ...base(w),
          ...note,
          awards: [{ applicationId: w.b.id, amountMinor: yuan(70_000) }],
        }),
      ),
    ).toBe("awards:errors.overCap");
    expect(
      await refusal(
        proposeAwards({
          ...base(w),
          ...note,
          awards: [{ applicationId: w.a.id, amountMinor: yuan(40_001) }],
        }),
      ),
    ).toBe("awards:errors.overRequest");
    expect(
      await refusal(
        proposeAwards({ ...base(w), ...note, awards: [{ applicationId: w.a.id, amountMinor: -5 }] }),
      ),
    ).toBe("awards:errors.amountInvalid");
    expect(await db.select().from(fundingAwards).where(eq(fundingAwards.callId, w.call.id))).toHaveLength(0);
  });

  test("an ineligible or another call's application cannot be awarded", async () => {
    const w = await world();
    const other = await world();
    await db
      .update(fundingApplications)
      .set({ status: "ineligible" })
      .where(eq(fundingApplications.id, w.d.id));
    expect(
      await refusal(
        proposeAwards({
          ...base(w),
          deviationNote: "x",
          awards: [{ applicationId: w.d.id, amountMinor: 100 }],
        }),
      ),
    ).toBe("awards:errors.notEligible");
    expect(
      await refusal(
        proposeAwards({
          ...base(w),
          deviationNote: "x",
          awards: [{ applicationId: other.a.id, amountMinor: 100 }],
        }),
      ),
    ).toBe("awards:errors.notEligible");
  });

  test("an incomplete ranking cannot be awarded", async () => {
    const w = await makeReviewedCall({
      budget: 100_000,
      cap: 50_000,
      apps: [
        { request: 10_000, score: 8 },
        { request: 10_000, score: null },
      ],
    });
    expect(
      await refusal(
        proposeAwards({
          actor: w.official,
          actorRoles: w.official.roles,
          callId: w.call.id,
          awards: [{ applicationId: w.applications[0]!.id, amountMinor: yuan(10_000) }],
        }),
      ),
    ).toBe("awards:errors.rankingIncomplete");
  });

  test("a street official cannot act on a district or city call; forged call id is 404", async () => {
    const w = await world("city");
    const awards = [{ applicationId: w.a.id, amountMinor: yuan(40_000) }];
    expect(
      await refusal(
        proposeAwards({
          actor: w.streetOfficial,
          actorRoles: w.streetOfficial.roles,
          callId: w.call.id,
          awards,
        }),
      ),
    ).toBe("awards:errors.notYourCall");
    expect(
      await refusal(
        publishAwardNotice({
          actor: w.streetOfficial,
          actorRoles: w.streetOfficial.roles,
          callId: w.call.id,
        }),
      ),
    ).toBe("awards:errors.notYourCall");
    expect(
      await refusal(proposeAwards({ ...base(w), callId: "00000000-0000-4000-8000-000000000000", awards })),
    ).toBe("awards:errors.callNotFound");
  });

  test("two proposals at once both stay within the budget", async () => {
    const w = await world();
    const results = await Promise.allSettled([
      proposeAwards({
        ...base(w),
        awards: [
          { applicationId: w.a.id, amountMinor: yuan(40_000) },
          { applicationId: w.b.id, amountMinor: yuan(50_000) },
        ],
      }),
      proposeAwards({
        ...base(w),
        deviationNote: "x",
        awards: [
          { applicationId: w.c.id, amountMinor: yuan(30_000) },
          { applicationId: w.d.id, amountMinor: yuan(35_000) },
        ],
      }),
    ]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    const live = await db
      .select()
      .from(fundingAwards)
      .where(and(eq(fundingAwards.callId, w.call.id), eq(fundingAwards.status, "proposed")));
    expect(live.reduce((s, r) => s + r.amountMinor, 0)).toBeLessThanOrEqual(yuan(100_000));
  });
});

describe("notice, objections and confirmation", () => {
  async function proposed() {
    const w = await world();
    await proposeAwards({
      ...base(w),
      awards: [
        { applicationId: w.a.id, amountMinor: yuan(40_000) },
        { applicationId: w.b.id, amountMinor: yuan(50_000) },
      ],
    });
    return w;
  }

  test("objections during the notice; confirm refused before the window closes and with one unanswered; then confirmed", async () => {
    const w = await proposed();
    const t0 = new Date();
    await publishAwardNotice({ ...base(w), now: t0 });
    const [call] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, w.call.id));
    expect(call?.status).toBe("notice");
    expect(call?.noticeEndsAt?.getTime()).toBe(t0.getTime() + 7 * day);
    // Applicants' admins were told.
    const told = await db.select().from(notifications).where(eq(notifications.subjectId, w.call.id));
    expect(told.length).toBe(4);

    const resident = await makeUser("关心的居民");
    const objectionAt = new Date(t0.getTime() + day);
    const { id: objectionId } = await raiseObjection({
      actor: resident,
      actorRoles: [],
      subject: await callNoticeSubject(w.call.id),
      reason: "第二名机构的团队与评审专家有关联",
      now: objectionAt,
    });
    const after = new Date(t0.getTime() + 8 * day);
    expect(
      await refusal(
        raiseObjection({
          actor: resident,
          actorRoles: [],
          subject: await callNoticeSubject(w.call.id),
          reason: "太晚了",
          now: after,
        }),
      ),
    ).toBe("projects:errors.noticeClosed");

    expect(await refusal(confirmAwards({ ...base(w), now: new Date(t0.getTime() + 2 * day) }))).toBe(
      "awards:errors.noticeStillOpen",
    );
    expect(await refusal(confirmAwards({ ...base(w), now: after }))).toBe(
      "awards:errors.objectionsUnanswered",
    );
    // The street official cannot answer on a district call.
    expect(
      await refusal(
        answerObjection({
          actor: w.streetOfficial,
          actorRoles: w.streetOfficial.roles,
          subject: await callNoticeSubject(w.call.id),
          objectionId,
          answer: "dismissed",
          answerText: "x",
        }),
      ),
    ).toBe("projects:errors.notManager");
    await answerObjection({
      actor: w.official,
      actorRoles: w.official.roles,
      subject: await callNoticeSubject(w.call.id),
      objectionId,
      answer: "dismissed",
      answerText: "经核查，评审专家与该机构无关联。",
      now: new Date(t0.getTime() + 2 * day),
    });
    const { awards } = await confirmAwards({ ...base(w), now: after });
    expect(awards).toHaveLength(2);
    const apps = await db.select().from(fundingApplications).where(eq(fundingApplications.callId, w.call.id));
    const statusOf = (id: string) => apps.find((x) => x.id === id)?.status;
    expect([statusOf(w.a.id), statusOf(w.b.id), statusOf(w.c.id), statusOf(w.d.id)]).toEqual([
      "awarded",
      "awarded",
      "not_awarded",
      "not_awarded",
    ]);
    const [done] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, w.call.id));
    expect(done?.status).toBe("awarded");
    const made = await db
      .select()
      .from(participationEvents)
      .where(and(eq(participationEvents.kind, "award.made"), eq(participationEvents.areaId, w.call.areaId)));
    expect(made).toHaveLength(2);
    const confirmed = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, w.call.id), eq(auditEntries.action, "award.confirmed")));
    expect(confirmed).toHaveLength(1);
    // Confirmed once only.
    expect(await refusal(confirmAwards({ ...base(w), now: after }))).toBe("awards:errors.notInNotice");
  });

  test("an upheld objection: confirm refused until the award is withdrawn, re-proposed and re-noticed", async () => {
    const w = await proposed();
    const t0 = new Date(Date.now() - 20 * day);
    await publishAwardNotice({ ...base(w), now: t0 });
    const resident = await makeUser("异议人");
    const { id } = await raiseObjection({
      actor: resident,
      actorRoles: [],
      subject: await callNoticeSubject(w.call.id),
      reason: "B 机构申报材料造假",
      now: new Date(t0.getTime() + day),
    });
    await answerObjection({
      actor: w.official,
      actorRoles: w.official.roles,
      subject: await callNoticeSubject(w.call.id),
      objectionId: id,
      answer: "upheld",
      answerText: "经核实属实，撤销对 B 的拟资助。",
      now: new Date(t0.getTime() + 2 * day),
    });
    const after = new Date(t0.getTime() + 8 * day);
    expect(await refusal(confirmAwards({ ...base(w), now: after }))).toBe("awards:errors.upheldNeedsChange");
    const [awardB] = await db.select().from(fundingAwards).where(eq(fundingAwards.applicationId, w.b.id));
    expect(await refusal(withdrawAward({ ...base(w), awardId: awardB!.id, reason: " " }))).toBe(
      "errors:required",
    );
    const { reopenedReview } = await withdrawAward({ ...base(w), awardId: awardB!.id, reason: "异议成立" });
    expect(reopenedReview).toBe(true);
    // Re-propose: A plus C and D (not greedy any more since B is out: needs the note).
    const awards = [
      { applicationId: w.a.id, amountMinor: yuan(40_000) },
      { applicationId: w.c.id, amountMinor: yuan(30_000) },
    ];
    expect(await refusal(proposeAwards({ ...base(w), awards }))).toBe("awards:errors.justificationRequired");
    await proposeAwards({ ...base(w), awards, deviationNote: "B 因异议成立撤销" });
    const t1 = new Date(t0.getTime() + 9 * day);
    await publishAwardNotice({ ...base(w), now: t1 });
    const { awards: confirmed } = await confirmAwards({ ...base(w), now: new Date(t1.getTime() + 7 * day) });
    expect(confirmed.map((a) => a.applicationId).sort()).toEqual([w.a.id, w.c.id].sort());
    const [b] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, w.b.id));
    expect(b?.status).toBe("not_awarded");
  });

  test("two officials confirming at once: confirmed once, one award.made per award", async () => {
    const w = await proposed();
    const t0 = new Date(Date.now() - 10 * day);
    await publishAwardNotice({ ...base(w), now: t0 });
    const results = await Promise.allSettled([confirmAwards(base(w)), confirmAwards(base(w))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, w.call.id), eq(auditEntries.action, "award.confirmed")));
    expect(audits).toHaveLength(1);
  });

  test("the awarded organisation becomes the linked livelihood project's implementing party", async () => {
    const w = await makeReviewedCall({ budget: 50_000, cap: 50_000, apps: [{ request: 20_000, score: 9 }] });
    const project = await linkProjectToCall(w.call.id, w.areas.street.id, w.areas.community.id);
    const ctx = { actor: w.official, actorRoles: w.official.roles, callId: w.call.id };
    await proposeAwards({
      ...ctx,
      awards: [{ applicationId: w.applications[0]!.id, amountMinor: yuan(20_000) }],
    });
    const t0 = new Date(Date.now() - 10 * day);
    await publishAwardNotice({ ...ctx, now: t0 });
    await confirmAwards({ ...ctx, now: new Date(t0.getTime() + 7 * day) });
    const [p] = await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.id, project.id));
    expect(p).toMatchObject({
      responsibleKind: "organisation",
      responsibleOrganisationId: w.orgs[0]!.org.id,
      responsibleName: w.orgs[0]!.org.name,
    });
    const entries = await db
      .select()
      .from(timelineEntries)
      .where(and(eq(timelineEntries.subjectType, "project"), eq(timelineEntries.subjectId, project.id)));
    expect(entries.map((e) => e.kind)).toContain("awards:timeline.deliveredBy");
  });
});
