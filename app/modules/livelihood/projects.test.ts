import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, test } from "vitest";
import { organisations } from "~db/schema/accounts";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { livelihoodProjects, projectEvaluations, projectUpdates } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { makeProposal, makeResident, makeSchemeWorld } from "../../../tests/helpers/livelihood-fixtures";
import { makeStaff } from "../../../tests/helpers/residency-fixtures";
import { acceptProject } from "./accept-project.server";
import { addMilestone } from "./add-milestone.server";
import { completeMilestone } from "./complete-milestone.server";
import { evaluateProject } from "./evaluate-project.server";
import { postProjectUpdate } from "./post-project-update.server";
import { getProjectPage, listProjects } from "./project-queries.server";
import { deliveredOnTime, isMilestoneOverdue } from "./project-rules";
import { parseProjectFilter } from "./project-schemas";
import { setProjectResponsible } from "./set-project-responsible.server";
import { listTimeline } from "~/modules/timeline/timeline.server";

const DAY = 86_400_000;
const FORGED = "00000000-0000-4000-8000-000000000000";

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

let w: Awaited<ReturnType<typeof makeSchemeWorld>>;
let projectId: string;
let otherCommittee: Awaited<ReturnType<typeof makeStaff>>;

beforeEach(async () => {
  w = await makeSchemeWorld({
    phase: "counting",
    resultsPublishedAt: new Date(Date.now() - 10 * DAY),
    noticeEndsAt: new Date(Date.now() - 3 * DAY),
    confirmedAt: new Date(Date.now() - 2 * DAY),
  });
  const proposal = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, {
    status: "selected",
    title: "楼道扶手",
  });
  const [project] = await db
    .insert(livelihoodProjects)
    .values({ proposalId: proposal.id, schemeId: w.scheme.id, areaId: w.tree.C.id })
    .returning();
  projectId = project!.id;
  otherCommittee = await makeStaff("committee_member", w.tree.C2.id, "乙社区委员");
});

const manager = () => ({ actor: w.committee, actorRoles: w.committee.roles, projectId });

async function finish(percent = 100, track: "done" | "on_track" = "done") {
  await postProjectUpdate({ ...manager(), body: "完工", progressPercent: percent, track });
}

async function accept(now = new Date()) {
  await finish();
  return acceptProject({ ...manager(), note: "验收合格", now });
}

describe("responsible party, milestones, updates: rights", () => {
  test("the project's committee and the street official may; another community's committee, a resident and a forged id may not", async () => {
    await setProjectResponsible({ ...manager(), kind: "committee" });
    await setProjectResponsible({
      actor: w.official,
      actorRoles: w.official.roles,
      projectId,
      kind: "department",
      name: "区住建局",
    });
    const [p] = await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.id, projectId));
    expect(p).toMatchObject({ responsibleKind: "department", responsibleName: "区住建局" });
    for (const who of [otherCommittee, w.residents[1]!]) {
      const e = await refusal(
        setProjectResponsible({ actor: who, actorRoles: who.roles, projectId, kind: "committee" }),
      );
      expect(e.status).toBe(403);
      expect(
        (
          await refusal(
            addMilestone({ actor: who, actorRoles: who.roles, projectId, title: "x", dueOn: "2030-01-01" }),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await refusal(
            postProjectUpdate({
              actor: who,
              actorRoles: who.roles,
              projectId,
              body: "x",
              progressPercent: 10,
              track: "on_track",
            }),
          )
        ).status,
      ).toBe(403);
    }
    const forged = await refusal(
      setProjectResponsible({ ...manager(), projectId: FORGED, kind: "committee" }),
    );
    expect(forged.status).toBe(404);
    expect(
      (await refusal(setProjectResponsible({ ...manager(), projectId: "not-a-uuid", kind: "committee" })))
        .status,
    ).toBe(404);
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, projectId), eq(auditEntries.action, "project.responsible_set")));
    expect(audit).toHaveLength(2);
  });

  test("an organisation must be a verified NGO; a department needs a name", async () => {
    const [pending] = await db
      .insert(organisations)
      .values({ kind: "ngo", name: "未审核社工站", areaId: w.tree.S.id, status: "pending" })
      .returning();
    const [verified] = await db
      .insert(organisations)
      .values({ kind: "ngo", name: "启创社工", areaId: w.tree.S.id, status: "verified" })
      .returning();
    expect(
      (
        await refusal(
          setProjectResponsible({ ...manager(), kind: "organisation", organisationId: pending!.id }),
        )
      ).code,
    ).toBe("projects:errors.organisationNotVerified");
    expect((await refusal(setProjectResponsible({ ...manager(), kind: "department" }))).code).toBe(
      "projects:errors.departmentNameRequired",
    );
    await setProjectResponsible({ ...manager(), kind: "organisation", organisationId: verified!.id });
    const page = await getProjectPage(projectId, null);
    expect(page!.context.project.responsibleName).toBe("启创社工");
    expect(page!.details.organisation?.name).toBe("启创社工");
  });

  test("milestones: add, mark done once, foreign milestone refused; overdue flag by Beijing day", async () => {
    const { id } = await addMilestone({ ...manager(), title: "采购扶手", dueOn: "2030-06-30" });
    expect((await refusal(addMilestone({ ...manager(), title: "x", dueOn: "2030-02-31" }))).code).toBe(
      "projects:errors.invalidDate",
    );
    await completeMilestone({ ...manager(), milestoneId: id });
    expect((await refusal(completeMilestone({ ...manager(), milestoneId: id }))).code).toBe(
      "projects:errors.milestoneAlreadyDone",
    );
    expect((await refusal(completeMilestone({ ...manager(), milestoneId: FORGED }))).status).toBe(404);
    const actions = (await db.select().from(auditEntries).where(eq(auditEntries.subjectId, projectId))).map(
      (a) => a.action,
    );
    expect(actions.sort()).toEqual(["project.milestone_added", "project.milestone_done"]);
    // 2030-06-30 16:00 UTC is already 07-01 in Beijing.
    expect(isMilestoneOverdue({ dueOn: "2030-06-30", doneAt: null }, new Date("2030-06-30T15:59:59Z"))).toBe(
      false,
    );
    expect(isMilestoneOverdue({ dueOn: "2030-06-30", doneAt: null }, new Date("2030-06-30T16:00:00Z"))).toBe(
      true,
    );
    expect(deliveredOnTime([{ dueOn: "2030-06-30", doneAt: new Date("2030-06-30T15:59:59Z") }])).toBe(true);
    expect(deliveredOnTime([{ dueOn: "2030-06-30", doneAt: new Date("2030-06-30T16:00:00Z") }])).toBe(false);
    expect(deliveredOnTime([{ dueOn: "2030-06-30", doneAt: null }])).toBe(false);
  });

  test("updates: percent never lower than the last, project follows, timeline written", async () => {
    await postProjectUpdate({ ...manager(), body: "开工", progressPercent: 30, track: "on_track" });
    const lower = await refusal(
      postProjectUpdate({ ...manager(), body: "回退", progressPercent: 29, track: "delayed" }),
    );
    expect(lower.code).toBe("projects:errors.percentBelowLast");
    expect(lower.params.last).toBe(30);
    expect(
      (await refusal(postProjectUpdate({ ...manager(), body: "x", progressPercent: 101, track: "on_track" })))
        .code,
    ).toBe("projects:errors.percentRange");
    expect(
      (
        await refusal(
          postProjectUpdate({
            ...manager(),
            body: "长".repeat(2001),
            progressPercent: 40,
            track: "on_track",
          }),
        )
      ).code,
    ).toBe("errors:tooLong");
    await postProjectUpdate({ ...manager(), body: "延误", progressPercent: 30, track: "delayed" });
    const [p] = await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.id, projectId));
    expect(p).toMatchObject({ progressPercent: 30, track: "delayed" });
    const updates = await db.select().from(projectUpdates).where(eq(projectUpdates.projectId, projectId));
    expect(updates).toHaveLength(2);
    expect(updates[0]!.authorLabel).toBe("committee");
    expect(
      (await listTimeline("project", projectId)).filter((e) => e.kind === "projects:timeline.updated"),
    ).toHaveLength(2);
    const page = await getProjectPage(projectId, null);
    expect(page!.updates[0]!.body).toBe("延误");
  });
});

describe("acceptProject", () => {
  test("refused before the work is done; accepted once with evaluation window and onTime event", async () => {
    await postProjectUpdate({ ...manager(), body: "过半", progressPercent: 60, track: "on_track" });
    expect((await refusal(acceptProject({ ...manager(), note: "验收" }))).code).toBe(
      "projects:errors.notDoneYet",
    );
    const { id } = await addMilestone({ ...manager(), title: "安装", dueOn: "2099-12-31" });
    await completeMilestone({ ...manager(), milestoneId: id });
    await finish();
    expect((await refusal(acceptProject({ ...manager(), note: "  " }))).code).toBe("errors:required");
    const other = await refusal(
      acceptProject({ actor: otherCommittee, actorRoles: otherCommittee.roles, projectId, note: "x" }),
    );
    expect(other.status).toBe(403);
    const now = new Date();
    const results = await Promise.all([
      settle(acceptProject({ ...manager(), note: "验收合格", now })),
      settle(
        acceptProject({ actor: w.official, actorRoles: w.official.roles, projectId, note: "合格", now }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [p] = await db.select().from(livelihoodProjects).where(eq(livelihoodProjects.id, projectId));
    expect(p!.status).toBe("accepted");
    expect(p!.evaluationClosesAt!.getTime()).toBe(now.getTime() + 30 * DAY);
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.subjectId, projectId), eq(participationEvents.kind, "project.accepted")),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.meta).toEqual({ onTime: true });
    expect(events[0]!.areaId).toBe(w.tree.C.id);
    expect((await refusal(acceptProject({ ...manager(), note: "再验收" }))).code).toBe(
      "projects:errors.alreadyAccepted",
    );
    // Delivery is closed once accepted.
    expect(
      (await refusal(postProjectUpdate({ ...manager(), body: "x", progressPercent: 100, track: "done" })))
        .code,
    ).toBe("projects:errors.notImplementing");
  });

  test("100 % reported on track is enough; a late milestone makes onTime false", async () => {
    const { id } = await addMilestone({ ...manager(), title: "设计", dueOn: "2000-01-01" });
    await completeMilestone({ ...manager(), milestoneId: id });
    await finish(100, "on_track");
    await acceptProject({ ...manager(), note: "合格" });
    const [event] = await db
      .select()
      .from(participationEvents)
      .where(
        and(eq(participationEvents.subjectId, projectId), eq(participationEvents.kind, "project.accepted")),
      );
    expect(event!.meta).toEqual({ onTime: false });
  });
});

describe("evaluateProject", () => {
  test("before acceptance refused; resident rates, changes (one row, one event); result counts", async () => {
    const r = w.residents[0]!;
    const rate = (rating: "satisfied" | "basically_satisfied" | "dissatisfied", who = r, now?: Date) =>
      evaluateProject({ actor: who, actorRoles: who.roles, projectId, rating, now });
    expect((await refusal(rate("satisfied"))).code).toBe("projects:errors.evaluationNotOpen");
    await accept();
    expect((await rate("satisfied")).first).toBe(true);
    expect((await rate("dissatisfied")).first).toBe(false);
    const rows = await db
      .select()
      .from(projectEvaluations)
      .where(eq(projectEvaluations.projectId, projectId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rating).toBe("dissatisfied");
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(
          eq(participationEvents.subjectId, projectId),
          eq(participationEvents.kind, "evaluation.submitted"),
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.meta).toEqual({ rating: "satisfied" });
    await rate("basically_satisfied", w.residents[1]!);
    await rate("satisfied", w.residents[2]!);
    // A resident of C2 (also inside the street scheme) may rate a project in C.
    await rate("satisfied", await makeResident(w.tree.C2.id, "乙社区居民"));
    const page = await getProjectPage(projectId, r.id);
    expect(page!.satisfaction).toEqual({
      outcome: "basically_satisfied",
      counts: { satisfied: 2, basically_satisfied: 1, dissatisfied: 1 },
      total: 4,
    });
    expect(page!.myRating?.rating).toBe("dissatisfied");
  });

  test("outsider and staff without residence refused; after close refused (± 1 s); parallel → one row", async () => {
    const { evaluationClosesAt } = await accept();
    const e = await refusal(
      evaluateProject({ actor: w.outsider, actorRoles: w.outsider.roles, projectId, rating: "satisfied" }),
    );
    expect(e.status).toBe(403);
    expect(
      (
        await refusal(
          evaluateProject({
            actor: w.official,
            actorRoles: w.official.roles,
            projectId,
            rating: "satisfied",
          }),
        )
      ).status,
    ).toBe(403);
    const r = w.residents[1]!;
    const at = (offset: number) => new Date(evaluationClosesAt.getTime() + offset);
    await evaluateProject({ actor: r, actorRoles: r.roles, projectId, rating: "satisfied", now: at(-1000) });
    expect(
      (
        await refusal(
          evaluateProject({ actor: r, actorRoles: r.roles, projectId, rating: "dissatisfied", now: at(0) }),
        )
      ).code,
    ).toBe("projects:errors.evaluationClosed");
    expect(
      (
        await refusal(
          evaluateProject({
            actor: r,
            actorRoles: r.roles,
            projectId,
            rating: "dissatisfied",
            now: at(1000),
          }),
        )
      ).code,
    ).toBe("projects:errors.evaluationClosed");
    const p = w.residents[2]!;
    const results = await Promise.all([
      settle(evaluateProject({ actor: p, actorRoles: p.roles, projectId, rating: "satisfied" })),
      settle(
        evaluateProject({
          actor: p,
          actorRoles: p.roles,
          projectId,
          rating: "dissatisfied",
          comment: "太慢",
        }),
      ),
    ]);
    expect(results.every((x) => x.ok)).toBe(true);
    const rows = await db
      .select()
      .from(projectEvaluations)
      .where(and(eq(projectEvaluations.projectId, projectId), eq(projectEvaluations.userId, p.id)));
    expect(rows).toHaveLength(1);
    const events = await db
      .select()
      .from(participationEvents)
      .where(
        and(
          eq(participationEvents.subjectId, projectId),
          eq(participationEvents.kind, "evaluation.submitted"),
        ),
      );
    expect(events).toHaveLength(2);
    expect(
      (
        await refusal(
          evaluateProject({ actor: p, actorRoles: p.roles, projectId: FORGED, rating: "satisfied" }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("listProjects", () => {
  test("filters by scheme, status, track and area text; pages", async () => {
    const all = await listProjects(parseProjectFilter(new URLSearchParams(`scheme=${w.scheme.id}`)));
    expect(all.total).toBe(1);
    expect(all.rows[0]).toMatchObject({ id: projectId, title: "楼道扶手", track: "not_started" });
    expect(
      (await listProjects(parseProjectFilter(new URLSearchParams(`scheme=${w.scheme.id}&status=accepted`))))
        .total,
    ).toBe(0);
    expect(
      (
        await listProjects(
          parseProjectFilter(new URLSearchParams(`scheme=${w.scheme.id}&track=not_started&area=甲社区`)),
        )
      ).total,
    ).toBe(1);
    expect(
      (await listProjects(parseProjectFilter(new URLSearchParams(`scheme=${w.scheme.id}&area=丙`)))).total,
    ).toBe(0);
    const junk = parseProjectFilter(new URLSearchParams("scheme=x&status=nope&sort=evil&page=-3"));
    expect(junk).toMatchObject({ scheme: undefined, status: undefined, sort: "newest", page: 1 });
    expect(
      (await listProjects(parseProjectFilter(new URLSearchParams(`scheme=${w.scheme.id}&page=2`)))).rows,
    ).toHaveLength(0);
  });
});
