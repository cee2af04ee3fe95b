// The review pages with their real loader data in each language, and what each loader must never return:
// an application before the declaration, another reviewer's scores, a reviewer's identity to applicants.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { declareNoConflict, submitReview } from "~/modules/funding/review-assignment.server";
import { startReview } from "~/modules/funding/start-review.server";
import { makePersonWithRole } from "../../tests/helpers/funding-fixtures";
import {
  actorFor,
  assignmentsOf,
  makeReviewWorld,
  setCallStatus,
} from "../../tests/helpers/funding-reviews-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
type RouteModule = { loader: (args: LoaderFunctionArgs) => Promise<unknown>; default: () => ReactNode };
type World = Awaited<ReturnType<typeof makeReviewWorld>>;
type Assignment = Awaited<ReturnType<typeof assignmentsOf>>[number];

let w: World;
let submittedA: Assignment;
let submittedB: Assignment;
let declaredOnly: Assignment;
let undeclared: Assignment;
let outsider: Awaited<ReturnType<typeof makePersonWithRole>>;
const secretA = "甲专家的秘密评语";
const secretB = "乙专家的秘密评语";
const nameOf = (userId: string) => w.reviewers.find((r) => r.userId === userId)!.user.displayName;

beforeAll(async () => {
  w = await makeReviewWorld({ apps: 2, poolSize: 5 });
  const { actor, actorRoles } = await actorFor(w.official);
  await startReview({ actor, actorRoles, callId: w.call.id });
  const first = (await assignmentsOf(w.applications[0]!.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  [submittedA, submittedB, declaredOnly] = first as [Assignment, Assignment, Assignment];
  for (const [a, secret, score] of [
    [submittedA, secretA, 9],
    [submittedB, secretB, 3],
  ] as const) {
    await declareNoConflict({ actor: { id: a.reviewerId }, assignmentId: a.id });
    await submitReview({
      actor: { id: a.reviewerId },
      assignmentId: a.id,
      scores: w.criteria.map((c) => ({ criterionId: c.id, score, comment: `${secret}-分项` })),
      recommendation: score > 5 ? "fund" : "do_not_fund",
      comment: secret,
    });
  }
  await declareNoConflict({ actor: { id: declaredOnly.reviewerId }, assignmentId: declaredOnly.id });
  undeclared = (await assignmentsOf(w.applications[1]!.id))[0]!;
  outsider = await makePersonWithRole("expert_reviewer", w.areas.district.id, null, "未抽中的专家");
});

async function request(url: string, userId: string | null, locale: Locale) {
  const cookies = [`kapok_lng=${locale}`];
  if (userId) cookies.push(`${sessionCookieName()}=${(await openSession(userId)).token}`);
  return new Request(`http://localhost${url}`, {
    headers: { "Accept-Language": locale, Cookie: cookies.join("; ") },
  });
}

async function load(
  mod: RouteModule,
  url: string,
  params: Record<string, string>,
  userId: string,
  locale: Locale = "zh-CN",
) {
  return mod.loader({ request: await request(url, userId, locale), params, context });
}

async function render(
  mod: RouteModule,
  url: string,
  params: Record<string, string>,
  userId: string,
  locale: Locale,
) {
  state.loaderData = await load(mod, url, params, userId, locale);
  const i18n = await i18nFor(locale);
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default)));
}

const statusOf = (r: unknown) => (r instanceof Response ? r.status : null);

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(reviews|common|errors):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const id of ids) expect(labelled, `input #${id} has a label`).toContain(id);
  const bare = [...html.matchAll(/<input\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map((m) => m[0]);
  for (const input of bare) expect(input).toMatch(/type="(checkbox|radio)"/);
  for (const table of html.match(/<table\b[^>]*>(?:(?!<\/table>)[\s\S])*<\/table>/g) ?? [])
    expect(table, "a table has a caption or aria-label").toMatch(/<caption>|^<table[^>]*aria-label=/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe("what the loaders return", () => {
  test("before the declaration the application's content is not returned; after it is", async () => {
    const mod = await import("./reviews.$assignmentId");
    const url = `/reviews/${undeclared.id}`;
    const before = JSON.stringify(
      await load(mod, url, { assignmentId: undeclared.id }, undeclared.reviewerId),
    );
    expect(before).toContain(w.applications[1]!.title);
    for (const secret of [
      w.applications[1]!.summary,
      w.applications[1]!.needs,
      w.applications[1]!.team,
      "社工补贴",
    ])
      expect(before).not.toContain(secret);
    await declareNoConflict({ actor: { id: undeclared.reviewerId }, assignmentId: undeclared.id });
    const after = JSON.stringify(
      await load(mod, url, { assignmentId: undeclared.id }, undeclared.reviewerId),
    );
    expect(after).toContain(w.applications[1]!.summary);
    expect(after).toContain("社工补贴");
  });

  test("a reviewer never receives another reviewer's scores, comments, name or id", async () => {
    const mod = await import("./reviews.$assignmentId");
    for (const [mine, other, otherSecret] of [
      [submittedA, submittedB, secretB],
      [submittedB, submittedA, secretA],
    ] as const) {
      const json = JSON.stringify(
        await load(mod, `/reviews/${mine.id}`, { assignmentId: mine.id }, mine.reviewerId),
      );
      expect(json).not.toContain(otherSecret);
      expect(json).not.toContain(other.reviewerId);
      expect(json).not.toContain(other.id);
      expect(json).not.toContain(nameOf(other.reviewerId));
    }
    const declared = JSON.stringify(
      await load(
        mod,
        `/reviews/${declaredOnly.id}`,
        { assignmentId: declaredOnly.id },
        declaredOnly.reviewerId,
      ),
    );
    for (const s of [secretA, secretB, submittedA.reviewerId, submittedB.reviewerId])
      expect(declared).not.toContain(s);
  });

  test("another reviewer's assignment, an unassigned reviewer and a forged id all get 404", async () => {
    const mod = await import("./reviews.$assignmentId");
    const url = `/reviews/${submittedA.id}`;
    expect(
      statusOf(await load(mod, url, { assignmentId: submittedA.id }, submittedB.reviewerId).catch((e) => e)),
    ).toBe(404);
    expect(
      statusOf(await load(mod, url, { assignmentId: submittedA.id }, outsider.userId).catch((e) => e)),
    ).toBe(404);
    expect(
      statusOf(
        await load(mod, url, { assignmentId: submittedA.id }, w.orgs[0]!.admin.userId).catch((e) => e),
      ),
    ).toBe(404);
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"])
      expect(
        statusOf(await load(mod, `/reviews/${id}`, { assignmentId: id }, outsider.userId).catch((e) => e)),
      ).toBe(404);
  });

  test("posting to another reviewer's assignment is a 404 and changes nothing", async () => {
    const mod = (await import("./reviews.$assignmentId")) as unknown as {
      action: (args: ActionFunctionArgs) => Promise<unknown>;
    };
    const body = new URLSearchParams({ csrf: "x", intent: "declare" });
    const req = new Request(`http://localhost/reviews/${undeclared.id}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: `${sessionCookieName()}=${(await openSession(outsider.userId)).token}`,
      },
    });
    expect(
      statusOf(
        await mod.action({ request: req, params: { assignmentId: undeclared.id }, context }).catch((e) => e),
      ),
    ).toBe(404);
  });

  test("feedback: the applicant sees comments as Reviewer 1, 2 — never names, ids or assignment ids; others 404", async () => {
    const mod = await import("./applications.$applicationId.feedback");
    const appId = w.applications[0]!.id;
    const url = `/applications/${appId}/feedback`;
    const admin = w.orgs[0]!.admin.userId;
    // Before the results are out: nothing.
    expect(statusOf(await load(mod, url, { applicationId: appId }, admin).catch((e) => e))).toBe(404);
    await setCallStatus(w.call.id, "notice");
    const data = await load(mod, url, { applicationId: appId }, admin);
    const json = JSON.stringify(data);
    expect(json).toContain(secretA);
    expect(json).toContain(secretB);
    for (const a of [submittedA, submittedB, declaredOnly]) {
      expect(json).not.toContain(a.reviewerId);
      expect(json).not.toContain(a.id);
      expect(json).not.toContain(a.drawId);
      expect(json).not.toContain(nameOf(a.reviewerId));
    }
    // Another organisation's admin, a reviewer, the official: 404.
    for (const userId of [w.orgs[1]!.admin.userId, submittedA.reviewerId, w.official.userId])
      expect(statusOf(await load(mod, url, { applicationId: appId }, userId).catch((e) => e))).toBe(404);
    await setCallStatus(w.call.id, "in_review");
  });

  test("the official's review page: 404 for a reviewer and for another district's official", async () => {
    const mod = await import("./funding.$callId.review");
    const url = `/funding/${w.call.id}/review`;
    expect(statusOf(await load(mod, url, { callId: w.call.id }, submittedA.reviewerId).catch((e) => e))).toBe(
      404,
    );
    const other = await makeReviewWorld({ apps: 0, poolSize: 0 });
    expect(statusOf(await load(mod, url, { callId: w.call.id }, other.official.userId).catch((e) => e))).toBe(
      404,
    );
  });
});

describe.each(locales)("review pages render in %s", (locale) => {
  test("/reviews/:id before declaring, while scoring, after submitting", async () => {
    const mod = await import("./reviews.$assignmentId");
    const fresh = (await assignmentsOf(w.applications[1]!.id)).find((a) => a.status === "assigned")!;
    const before = await render(
      mod,
      `/reviews/${fresh.id}`,
      { assignmentId: fresh.id },
      fresh.reviewerId,
      locale,
    );
    checkPage(before);
    expect(before).toContain('value="declare"');
    expect(before).not.toContain('value="submit"');
    const scoring = await render(
      mod,
      `/reviews/${declaredOnly.id}`,
      { assignmentId: declaredOnly.id },
      declaredOnly.reviewerId,
      locale,
    );
    checkPage(scoring);
    expect(scoring).toContain('value="submit"');
    expect(scoring).toContain('name="scores[0].score"');
    const done = await render(
      mod,
      `/reviews/${submittedA.id}`,
      { assignmentId: submittedA.id },
      submittedA.reviewerId,
      locale,
    );
    checkPage(done);
    expect(done).toContain(secretA);
    expect(done).not.toContain('value="submit"');
  });

  test("/reviews, /reviews/conflicts for a reviewer", async () => {
    const index = await render(
      await import("./reviews._index"),
      "/reviews",
      {},
      submittedA.reviewerId,
      locale,
    );
    checkPage(index);
    expect(index).toContain(`/reviews/${submittedA.id}`);
    expect(index).not.toContain(`/reviews/${submittedB.id}`);
    const conflicts = await render(
      await import("./reviews.conflicts"),
      "/reviews/conflicts",
      {},
      submittedA.reviewerId,
      locale,
    );
    checkPage(conflicts);
    expect(conflicts).toContain('name="organisationId"');
  });

  test("/reviewers for the official", async () => {
    const html = await render(
      await import("./reviewers._index"),
      "/reviewers",
      {},
      w.official.userId,
      locale,
    );
    checkPage(html);
    expect(html).toContain(nameOf(submittedA.reviewerId));
    expect(html).toContain('name="identifier"');
  });

  test("/funding/:callId/review for the official: draws, names, ranking", async () => {
    const mod = await import("./funding.$callId.review");
    const html = await render(
      mod,
      `/funding/${w.call.id}/review`,
      { callId: w.call.id },
      w.official.userId,
      locale,
    );
    checkPage(html);
    expect(html).toContain(nameOf(submittedA.reviewerId));
    expect(html).toContain(w.applications[0]!.title);
    const draw = await render(
      mod,
      `/funding/${w.call.id}/review?verify=${submittedA.drawId}`,
      { callId: w.call.id },
      w.official.userId,
      locale,
    );
    checkPage(draw);
    expect(draw).toContain("&quot;seed&quot;");
  });

  test("/applications/:id/feedback for the applicant", async () => {
    await setCallStatus(w.call.id, "notice");
    const appId = w.applications[0]!.id;
    const html = await render(
      await import("./applications.$applicationId.feedback"),
      `/applications/${appId}/feedback`,
      { applicationId: appId },
      w.orgs[0]!.admin.userId,
      locale,
    );
    await setCallStatus(w.call.id, "in_review");
    checkPage(html);
    expect(html).toContain(secretA);
    for (const a of [submittedA, submittedB]) expect(html).not.toContain(nameOf(a.reviewerId));
  });
});

describe("pool and conflict pages refuse the wrong people", () => {
  test("/reviewers is 403 for a reviewer; /reviews/conflicts is 403 for an applicant", async () => {
    expect(
      statusOf(
        await load(await import("./reviewers._index"), "/reviewers", {}, submittedA.reviewerId).catch(
          (e) => e,
        ),
      ),
    ).toBe(403);
    expect(
      statusOf(
        await load(
          await import("./reviews.conflicts"),
          "/reviews/conflicts",
          {},
          w.orgs[0]!.admin.userId,
        ).catch((e) => e),
      ),
    ).toBe(403);
  });
});

describe("the review forms work without JavaScript (plain POST, redirect after)", () => {
  type ActionModule = { action: (args: ActionFunctionArgs) => Promise<unknown> };
  async function post(assignmentId: string, userId: string, fields: Record<string, string>) {
    const mod = (await import("./reviews.$assignmentId")) as unknown as ActionModule;
    const req = new Request(`http://localhost/reviews/${assignmentId}`, {
      method: "POST",
      body: new URLSearchParams({ csrf: "x", ...fields }),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: `${sessionCookieName()}=${(await openSession(userId)).token}`,
      },
    });
    return mod.action({ request: req, params: { assignmentId }, context }).catch((e: unknown) => e);
  }
  const statusOfReply = (r: unknown) =>
    r instanceof Response ? r.status : (r as { init?: { status?: number } })?.init?.status;

  test("declare → submit scores (a bad score is a form error, not a 500) → a second submit is refused", async () => {
    const w2 = await makeReviewWorld({ apps: 1, poolSize: 3 });
    const { actor, actorRoles } = await actorFor(w2.official);
    await startReview({ actor, actorRoles, callId: w2.call.id });
    const [a] = await assignmentsOf(w2.applications[0]!.id);
    const declared = (await post(a!.id, a!.reviewerId, { intent: "declare" })) as Response;
    expect(declared.headers.get("Location")).toBe(`/reviews/${a!.id}?notice=declared`);
    const fields = (score: string): Record<string, string> => {
      const f: Record<string, string> = {
        intent: "submit",
        recommendation: "fund_with_changes",
        comment: "预算需细化",
      };
      w2.criteria.forEach((c, i) => {
        f[`scores[${i}].criterionId`] = c.id;
        f[`scores[${i}].score`] = score;
        f[`scores[${i}].comment`] = "";
      });
      return f;
    };
    expect(statusOfReply(await post(a!.id, a!.reviewerId, fields("11")))).toBe(422);
    expect(statusOfReply(await post(a!.id, a!.reviewerId, fields("abc")))).toBe(400);
    const submitted = (await post(a!.id, a!.reviewerId, fields("8"))) as Response;
    expect(submitted.headers.get("Location")).toBe(`/reviews/${a!.id}?notice=submitted`);
    expect(statusOfReply(await post(a!.id, a!.reviewerId, fields("9")))).toBe(409);
  });

  test("recuse with an empty reason is a form error; with a reason a replacement is drawn", async () => {
    const w2 = await makeReviewWorld({ apps: 1, poolSize: 4 });
    const { actor, actorRoles } = await actorFor(w2.official);
    await startReview({ actor, actorRoles, callId: w2.call.id });
    const [a] = await assignmentsOf(w2.applications[0]!.id);
    expect(statusOfReply(await post(a!.id, a!.reviewerId, { intent: "recuse", reason: " " }))).toBe(400);
    const ok = (await post(a!.id, a!.reviewerId, { intent: "recuse", reason: "曾在该机构兼职" })) as Response;
    expect(ok.headers.get("Location")).toBe(`/reviews/${a!.id}?notice=recused`);
    expect(await assignmentsOf(w2.applications[0]!.id)).toHaveLength(4);
  });
});
