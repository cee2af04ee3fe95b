// Server-renders the award, results and agreement pages with their real loader data in each language,
// checks the authorization matrix on them (404 for strangers, 403 for an official of another area),
// drives the no-JavaScript forms, and checks the exports leak no reviewer.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { i18nFor } from "~/i18n/i18n.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { signAgreement } from "~/modules/funding/agreement-sign.server";
import { confirmAwards } from "~/modules/funding/award-confirm.server";
import { publishAwardNotice } from "~/modules/funding/award-notice.server";
import { proposeAwards } from "~/modules/funding/award-propose.server";
import { awardsOf, makeReviewedCall, reviewerIdentities } from "../../tests/helpers/funding-awards-fixtures";
import { makeUser, openSession } from "../../tests/helpers/residency-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
const day = 24 * 3_600_000;

let review: Awaited<ReturnType<typeof makeReviewedCall>>;
let notice: Awaited<ReturnType<typeof makeReviewedCall>>;
let done: Awaited<ReturnType<typeof makeReviewedCall>>;
let agreementId: string;
let resident: Awaited<ReturnType<typeof makeUser>>;

const apps = [
  { request: 20_000, score: 9 },
  { request: 10_000, score: 7 },
];

beforeAll(async () => {
  resident = await makeUser("围观居民");
  review = await makeReviewedCall({ budget: 25_000, cap: 20_000, apps });
  notice = await makeReviewedCall({ budget: 25_000, cap: 20_000, apps });
  done = await makeReviewedCall({ budget: 25_000, cap: 20_000, apps });
  for (const w of [notice, done]) {
    const ctx = { actor: w.official, actorRoles: w.official.roles, callId: w.call.id };
    await proposeAwards({
      ...ctx,
      awards: [{ applicationId: w.applications[0]!.id, amountMinor: 20_000_00 }],
    });
    await publishAwardNotice({ ...ctx, now: w === done ? new Date(Date.now() - 10 * day) : new Date() });
  }
  await confirmAwards({ actor: done.official, actorRoles: done.official.roles, callId: done.call.id });
  const [award] = await awardsOf(done.call.id);
  ({ id: agreementId } = await signAgreement({
    actor: done.official,
    actorRoles: done.official.roles,
    awardId: award!.id,
    startsOn: "2027-01-01",
    endsOn: "2027-12-31",
    midtermDueOn: "2027-06-30",
    finalDueOn: "2027-12-31",
    percents: { signing: 50, midterm: 40, final: 10 },
  }));
});

async function request(url: string, userId: string | null, locale: Locale) {
  const cookies = [`kapok_lng=${locale}`];
  if (userId) cookies.push(`${sessionCookieName()}=${(await openSession(userId)).token}`);
  return new Request(`http://localhost${url}`, {
    headers: { "Accept-Language": locale, Cookie: cookies.join("; ") },
  });
}

type RouteModule = { loader: (args: LoaderFunctionArgs) => Promise<unknown>; default: () => ReactNode };

async function render(
  mod: RouteModule,
  url: string,
  params: Record<string, string>,
  userId: string | null,
  locale: Locale,
) {
  state.loaderData = await mod.loader({ request: await request(url, userId, locale), params, context });
  const i18n = await i18nFor(locale);
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default)));
}

const refusedStatus = async (p: Promise<unknown>) => {
  const r = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return r instanceof Response ? r.status : null;
};

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(awards|common|projects|errors):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([
    ...[...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<label\b[^>]*>(?:(?!<\/label>)[\s\S])*?<input\b[^>]*\bid="([^"]+)"/g)].map(
      (m) => m[1]!,
    ),
  ]);
  for (const id of ids) expect(labelled, `input #${id} has a label`).toContain(id);
  const bare = [...html.matchAll(/<input\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map((m) => m[0]);
  for (const input of bare) expect(input).toMatch(/type="(checkbox|radio)"/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("award pages render in %s", (locale) => {
  test("award workspace: greedy preselected in review; notice; awarded with the sign list", async () => {
    const mod = await import("./funding.$callId.award");
    const url = (id: string) => `/funding/${id}/award`;
    const inReview = await render(
      mod,
      url(review.call.id),
      { callId: review.call.id },
      review.official.id,
      locale,
    );
    checkPage(inReview);
    expect(inReview).toContain('value="propose"');
    expect(inReview).toContain(`checked="" value="${review.applications[0]!.id}"`);
    const inNotice = await render(
      mod,
      url(notice.call.id),
      { callId: notice.call.id },
      notice.official.id,
      locale,
    );
    checkPage(inNotice);
    expect(inNotice).toContain('value="confirm"');
    const awarded = await render(mod, url(done.call.id), { callId: done.call.id }, done.official.id, locale);
    checkPage(awarded);
    // A street official on a district call: refused; an unknown call: 404.
    expect(
      await refusedStatus(
        render(mod, url(review.call.id), { callId: review.call.id }, review.streetOfficial.id, locale),
      ),
    ).toBe(403);
    expect(
      await refusedStatus(render(mod, url("nope"), { callId: "nope" }, review.official.id, locale)),
    ).toBe(404);
  });

  test("results: public, objection form during the notice for the signed-in, delivery after", async () => {
    const mod = await import("./funding.$callId.results");
    const during = await render(
      mod,
      `/funding/${notice.call.id}/results`,
      { callId: notice.call.id },
      resident.id,
      locale,
    );
    checkPage(during);
    expect(during).toContain('name="reason"');
    const signedOut = await render(
      mod,
      `/funding/${notice.call.id}/results`,
      { callId: notice.call.id },
      null,
      locale,
    );
    checkPage(signedOut);
    expect(signedOut).not.toContain('name="reason"');
    const after = await render(
      mod,
      `/funding/${done.call.id}/results`,
      { callId: done.call.id },
      null,
      locale,
    );
    checkPage(after);
    expect(after).toContain(`/organisations/${done.orgs[0]!.org.id}`);
    expect(after).not.toContain("评审专家");
    const before = await render(
      mod,
      `/funding/${review.call.id}/results`,
      { callId: review.call.id },
      null,
      locale,
    );
    checkPage(before);
  });

  test("agreements: the organisation and the official see it; another NGO gets 404", async () => {
    const list = await import("./agreements._index");
    const mine = await render(list, "/agreements", {}, done.orgs[0]!.admin.id, locale);
    checkPage(mine);
    expect(mine).toContain(`/agreements/${agreementId}`);
    const theirs = await render(list, "/agreements", {}, done.orgs[1]!.admin.id, locale);
    expect(theirs).not.toContain(`/agreements/${agreementId}`);
    const page = await import("./agreements.$agreementId._index");
    const params = { agreementId };
    checkPage(await render(page, `/agreements/${agreementId}`, params, done.orgs[0]!.admin.id, locale));
    checkPage(await render(page, `/agreements/${agreementId}`, params, done.official.id, locale));
    expect(
      await refusedStatus(render(page, `/agreements/${agreementId}`, params, done.orgs[1]!.admin.id, locale)),
    ).toBe(404);
    expect(
      await refusedStatus(render(page, `/agreements/${agreementId}`, params, done.streetOfficial.id, locale)),
    ).toBe(404);
    const report = await import("./agreements.$agreementId.reports.$milestone");
    const rp = { agreementId, milestone: "midterm" };
    const asNgo = await render(
      report,
      `/agreements/${agreementId}/reports/midterm`,
      rp,
      done.orgs[0]!.admin.id,
      locale,
    );
    checkPage(asNgo);
    expect(asNgo).toContain('value="submit"');
    checkPage(
      await render(report, `/agreements/${agreementId}/reports/midterm`, rp, done.official.id, locale),
    );
    expect(
      await refusedStatus(
        render(report, `/agreements/${agreementId}/reports/midterm`, rp, done.orgs[1]!.admin.id, locale),
      ),
    ).toBe(404);
    expect(
      await refusedStatus(
        render(
          report,
          `/agreements/${agreementId}/reports/signing`,
          { agreementId, milestone: "signing" },
          done.official.id,
          locale,
        ),
      ),
    ).toBe(404);
  });
});

async function post(
  mod: { action: (args: ActionFunctionArgs) => Promise<unknown> },
  url: string,
  params: Record<string, string>,
  userId: string,
  fields: [string, string][],
) {
  const body = new URLSearchParams([["csrf", "x"], ...fields]);
  const headers = {
    "Content-Type": "application/x-www-form-urlencoded",
    Cookie: `${sessionCookieName()}=${(await openSession(userId)).token}`,
  };
  return mod
    .action({
      request: new Request(`http://localhost${url}`, { method: "POST", body, headers }),
      params,
      context,
    })
    .catch((e: unknown) => e);
}

const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : (r as { init?: { status?: number } })?.init?.status;

describe("forms without JavaScript and the exports", () => {
  test("a forged over-budget proposal is refused; an objection is raised during the notice", async () => {
    const mod = await import("./funding.$callId.award");
    const w = review;
    const url = `/funding/${w.call.id}/award`;
    const forged = await post(mod, url, { callId: w.call.id }, w.official.id, [
      ["intent", "propose"],
      ["award", w.applications[0]!.id],
      [`amount-${w.applications[0]!.id}`, "20000"],
      ["award", w.applications[1]!.id],
      [`amount-${w.applications[1]!.id}`, "10000"],
      ["deviationNote", "想多给"],
    ]);
    expect(statusOf(forged)).toBe(422);
    const greedy = (await post(mod, url, { callId: w.call.id }, w.official.id, [
      ["intent", "propose"],
      ["award", w.applications[0]!.id],
      [`amount-${w.applications[0]!.id}`, "20,000"],
    ])) as Response;
    expect(greedy.headers.get("Location")).toBe(`${url}?notice=proposed`);
    expect(
      statusOf(await post(mod, url, { callId: w.call.id }, w.streetOfficial.id, [["intent", "publish"]])),
    ).toBe(403);

    const results = await import("./funding.$callId.results");
    const objected = (await post(
      results,
      `/funding/${notice.call.id}/results`,
      { callId: notice.call.id },
      resident.id,
      [
        ["intent", "object"],
        ["reason", "第一名机构去年项目未结项"],
      ],
    )) as Response;
    expect(objected.headers.get("Location")).toBe(`/funding/${notice.call.id}/results?notice=objected`);
    const late = await post(
      results,
      `/funding/${done.call.id}/results`,
      { callId: done.call.id },
      resident.id,
      [
        ["intent", "object"],
        ["reason", "太晚"],
      ],
    );
    expect(statusOf(late)).toBe(409);
  });

  test("report → accept → evaluate through the forms; NGO B refused", async () => {
    const mod = await import("./agreements.$agreementId.reports.$milestone");
    const url = `/agreements/${agreementId}/reports/midterm`;
    const params = { agreementId, milestone: "midterm" };
    const ngoA = done.orgs[0]!.admin.id;
    expect(
      statusOf(
        await post(mod, url, params, done.orgs[1]!.admin.id, [
          ["intent", "submit"],
          ["narrative", "x"],
          ["spend", "1"],
        ]),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await post(mod, url, params, ngoA, [
          ["intent", "submit"],
          ["narrative", "x"],
          ["spend", "abc"],
        ]),
      ),
    ).toBe(422);
    const submitted = (await post(mod, url, params, ngoA, [
      ["intent", "submit"],
      ["narrative", "上半年探访 1300 人次"],
      ["achieved[0]", "1300"],
      ["spend", "9,000.50"],
    ])) as Response;
    expect(submitted.headers.get("Location")).toBe(`${url}?notice=submitted`);
    // The official cannot evaluate before accepting; then accepts and grades.
    expect(
      statusOf(
        await post(mod, url, params, done.official.id, [
          ["intent", "evaluate"],
          ["grade", "good"],
        ]),
      ),
    ).toBe(409);
    const accepted = (await post(mod, url, params, done.official.id, [["intent", "accept"]])) as Response;
    expect(accepted.headers.get("Location")).toBe(`${url}?notice=accepted`);
    const evaluated = (await post(mod, url, params, done.official.id, [
      ["intent", "evaluate"],
      ["grade", "good"],
      ["note", "进度良好"],
    ])) as Response;
    expect(evaluated.headers.get("Location")).toBe(`${url}?notice=evaluated`);
    const html = await render(mod, url, params, ngoA, "en");
    checkPage(html);
    expect(html).toContain("1300");
    const files = await import("./agreements.$agreementId.reports.$milestone.files.$attachmentId");
    const forged = await files
      .loader({
        request: await request(`${url}/files/x`, done.orgs[1]!.admin.id, "en"),
        params: { ...params, attachmentId: "00000000-0000-4000-8000-000000000000" },
        context,
      })
      .catch((e: unknown) => e);
    expect(statusOf(forged)).toBe(404);
  });

  test("CSV, JSON and 360Giving exports: public, no reviewer name or id", async () => {
    const reviewers = await reviewerIdentities();
    const params = { callId: done.call.id };
    for (const path of [
      "./funding.$callId.results[.]csv",
      "./funding.$callId.results[.]json",
      "./funding.$callId.grants[.]json",
    ]) {
      const mod = (await import(/* @vite-ignore */ path)) as {
        loader: (a: LoaderFunctionArgs) => Promise<Response>;
      };
      const res = await mod.loader({
        request: await request(`/funding/${done.call.id}/x`, null, "zh-CN"),
        params,
        context,
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(done.orgs[0]!.org.name);
      for (const r of reviewers) {
        expect(text).not.toContain(r.id);
        expect(text).not.toContain(r.name);
      }
    }
    const grants = await import("./funding.$callId.grants[.]json");
    const res = await grants.loader({ request: await request("/x", null, "en"), params, context });
    const body = (await res.json()) as {
      grants: { amountAwarded: number; currency: string; plannedDates: unknown[] }[];
    };
    expect(body.grants).toEqual([
      expect.objectContaining({
        amountAwarded: 20_000,
        currency: "CNY",
        plannedDates: [{ startDate: "2027-01-01", endDate: "2027-12-31" }],
      }),
    ]);
  });
});
