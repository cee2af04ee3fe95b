import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditEntries } from "~db/schema/ledger";
import { livelihoodProjects, livelihoodSchemes } from "~db/schema/livelihood";
import { follows } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { makeProposal, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { confirmScheme } from "./confirm-scheme.server";
import { schemeNoticeSubject } from "./project-notice.server";
import { listTimeline } from "~/modules/timeline/timeline.server";

const DAY = 86_400_000;

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

/** A scheme whose notice ends at `noticeEndsAt`, with two selected proposals (C and C2) and one not selected. */
async function noticeWorld(noticeEndsAt: Date) {
  const world = await makeSchemeWorld({
    phase: "counting",
    resultsPublishedAt: new Date(noticeEndsAt.getTime() - 7 * DAY),
    noticeEndsAt,
  });
  const [a, b, c] = world.residents;
  const selected1 = await makeProposal(world.scheme, a!, world.tree.C.id, {
    status: "selected",
    title: "扶手",
  });
  const selected2 = await makeProposal(world.scheme, b!, world.tree.C2.id, {
    status: "selected",
    title: "路灯",
  });
  const lost = await makeProposal(world.scheme, c!, world.tree.C.id, {
    status: "not_selected",
    title: "长椅",
  });
  return { ...world, selected1, selected2, lost };
}

describe("confirmScheme", () => {
  test("after the window with every objection answered: one project per selected proposal, audited, timelines", async () => {
    const end = new Date(Date.now() - 1000);
    const w = await noticeWorld(end);
    const r = w.residents[0]!;
    await db.insert(follows).values({ userId: r.id, subjectType: "proposal", subjectId: w.selected1.id });
    const { id } = await raiseObjection({
      actor: r,
      actorRoles: r.roles,
      subject: await schemeNoticeSubject(w.scheme.id),
      reason: "请说明路灯位置",
      now: new Date(end.getTime() - DAY),
    });
    await answerObjection({
      actor: w.official,
      actorRoles: w.official.roles,
      subject: await schemeNoticeSubject(w.scheme.id),
      objectionId: id,
      answer: "dismissed",
      answerText: "位置已在方案中说明",
    });
    const now = end;
    const { projects } = await confirmScheme({
      actor: w.official,
      actorRoles: w.official.roles,
      schemeId: w.scheme.id,
      now,
    });
    expect(projects).toHaveLength(2);
    const rows = await db
      .select()
      .from(livelihoodProjects)
      .where(eq(livelihoodProjects.schemeId, w.scheme.id));
    expect(rows.map((p) => p.proposalId).sort()).toEqual([w.selected1.id, w.selected2.id].sort());
    const byProposal = new Map(rows.map((p) => [p.proposalId, p]));
    expect(byProposal.get(w.selected1.id)).toMatchObject({
      status: "implementing",
      track: "not_started",
      areaId: w.tree.C.id,
    });
    expect(byProposal.get(w.selected2.id)!.areaId).toBe(w.tree.C2.id);
    const [scheme] = await db.select().from(livelihoodSchemes).where(eq(livelihoodSchemes.id, w.scheme.id));
    expect(scheme!.confirmedAt?.getTime()).toBe(now.getTime());
    const audit = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, w.scheme.id));
    expect(audit.map((a) => a.action)).toEqual(["scheme.confirmed"]);
    expect((await listTimeline("scheme", w.scheme.id)).map((e) => e.kind)).toContain(
      "projects:timeline.schemeConfirmed",
    );
    expect((await listTimeline("proposal", w.selected1.id)).map((e) => e.kind)).toContain(
      "projects:timeline.proposalConfirmed",
    );
    expect(await listTimeline("proposal", w.lost.id)).toHaveLength(0);
    // Followers of a selected proposal now follow its project.
    const project1 = byProposal.get(w.selected1.id)!;
    const followers = await db
      .select()
      .from(follows)
      .where(and(eq(follows.subjectType, "project"), eq(follows.subjectId, project1.id)));
    expect(followers.map((f) => f.userId)).toEqual([r.id]);
  });

  test("refused 1 s before the window ends, allowed exactly at its end", async () => {
    const end = new Date(Date.now() + DAY);
    const w = await noticeWorld(end);
    const early = await refusal(
      confirmScheme({
        actor: w.official,
        actorRoles: w.official.roles,
        schemeId: w.scheme.id,
        now: new Date(end.getTime() - 1000),
      }),
    );
    expect(early.code).toBe("projects:errors.noticeStillOpen");
    expect(early.params.endsAt).toBeTruthy();
    await confirmScheme({ actor: w.official, actorRoles: w.official.roles, schemeId: w.scheme.id, now: end });
  });

  test("refused while an objection is unanswered, saying how many", async () => {
    const end = new Date(Date.now() - 1000);
    const w = await noticeWorld(end);
    for (const r of w.residents.slice(0, 2))
      await raiseObjection({
        actor: r,
        actorRoles: r.roles,
        subject: await schemeNoticeSubject(w.scheme.id),
        reason: "异议",
        now: new Date(end.getTime() - DAY),
      });
    const e = await refusal(
      confirmScheme({ actor: w.official, actorRoles: w.official.roles, schemeId: w.scheme.id }),
    );
    expect(e.code).toBe("projects:errors.unansweredObjections");
    expect(e.params.count).toBe(2);
    expect(
      await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.schemeId, w.scheme.id)),
    ).toHaveLength(0);
  });

  test("two confirmations at once: confirmed once, projects created once", async () => {
    const w = await noticeWorld(new Date(Date.now() - 1000));
    const second = await makeStaff("street_official", w.tree.S.id, "另一位干部");
    const results = await Promise.all([
      settle(confirmScheme({ actor: w.official, actorRoles: w.official.roles, schemeId: w.scheme.id })),
      settle(confirmScheme({ actor: second, actorRoles: second.roles, schemeId: w.scheme.id })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && (failed.error as DomainError).code).toBe(
      "projects:errors.alreadyConfirmed",
    );
    expect(
      await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.schemeId, w.scheme.id)),
    ).toHaveLength(2);
    const again = await refusal(
      confirmScheme({ actor: w.official, actorRoles: w.official.roles, schemeId: w.scheme.id }),
    );
    expect(again.code).toBe("projects:errors.alreadyConfirmed");
  });

  test("non-manager, scheme without results and forged id are refused", async () => {
    const w = await noticeWorld(new Date(Date.now() - 1000));
    const e = await refusal(
      confirmScheme({ actor: w.committee, actorRoles: w.committee.roles, schemeId: w.scheme.id }),
    );
    expect(e.status).toBe(403);
    const r = w.residents[0]!;
    expect(
      (await refusal(confirmScheme({ actor: r, actorRoles: r.roles, schemeId: w.scheme.id }))).status,
    ).toBe(403);
    const voting = await makeSchemeWorld({ phase: "voting" });
    const noResults = await refusal(
      confirmScheme({
        actor: voting.official,
        actorRoles: voting.official.roles,
        schemeId: voting.scheme.id,
      }),
    );
    expect(noResults.code).toBe("projects:errors.noResultsYet");
    const forged = await refusal(
      confirmScheme({
        actor: w.official,
        actorRoles: w.official.roles,
        schemeId: "00000000-0000-4000-8000-000000000000",
      }),
    );
    expect(forged.status).toBe(404);
  });
});
