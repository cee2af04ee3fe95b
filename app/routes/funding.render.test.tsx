// Server-renders the funding-call pages with their real loader data in each language: catches a page
// that throws while rendering, a catalogue key shown raw, and an input without its label.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { askQuestion } from "~/modules/funding/call-questions.server";
import { makeAdoptedProject } from "../../tests/helpers/funding-calls-fixtures";
import {
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "../../tests/helpers/funding-fixtures";
import { makeUser, openSession } from "../../tests/helpers/residency-fixtures";
import * as listPage from "./funding._index";
import * as newPage from "./funding.new";
import * as callPage from "./funding.$callId._index";
import * as editPage from "./funding.$callId.edit";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let officialId: string;
let ngoAdminId: string;
let openCallId: string;
let purchaseDraftId: string;
let projectId: string;

beforeAll(async () => {
  areas = await makeFundingAreas();
  officialId = (await makePersonWithRole("street_official", areas.street.id, null, "街道干部")).userId;
  ngoAdminId = (await makeOrganisationWithAdmin(areas.street.id)).admin.userId;
  openCallId = (await makeCall(areas.street.id, { phase: "open" })).call.id;
  purchaseDraftId = (await makeCall(areas.street.id, { phase: "draft", kind: "purchase" })).call.id;
  projectId = (await makeAdoptedProject(areas.street.id, areas.community.id)).id;
  const asker = await makeUser("提问人");
  await askQuestion({ actor: asker, callId: openCallId, question: "可以联合申报吗？" });
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

async function status(mod: RouteModule, url: string, params: Record<string, string>, userId: string | null) {
  try {
    await mod.loader({ request: await request(url, userId, "zh-CN"), params, context });
    return 200;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(calls|common|errors):[a-zA-Z]/);
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
  for (const table of html.match(/<table\b[\s\S]*?<\/table>/g) ?? [])
    expect(table).toMatch(/<caption>|aria-label=/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("funding pages in %s", (locale) => {
  test("the list, for the public and for an official", async () => {
    const publicHtml = await render(listPage as RouteModule, "/funding", {}, null, locale);
    checkPage(publicHtml);
    expect(publicHtml).toContain(`/funding/${openCallId}`);
    expect(publicHtml).not.toContain(`/funding/${purchaseDraftId}`);
    expect(publicHtml).not.toContain('href="/funding/new"');
    const officialHtml = await render(
      listPage as RouteModule,
      "/funding?kind=purchase",
      {},
      officialId,
      locale,
    );
    checkPage(officialHtml);
    expect(officialHtml).toContain('href="/funding/new"');
    expect(officialHtml).toContain(`/funding/${purchaseDraftId}`);
  });

  test("the new-call form, plain and from a project", async () => {
    checkPage(await render(newPage as RouteModule, "/funding/new", {}, officialId, locale));
    const html = await render(
      newPage as RouteModule,
      `/funding/new?projects=${projectId}`,
      {},
      officialId,
      locale,
    );
    checkPage(html);
    expect(html).toContain(`href="/projects/${projectId}"`);
    expect(html).toContain(`name="projects" value="${projectId}"`);
    expect(html).toContain("长者饭堂送餐服务");
  });

  test("the call page for the public, an NGO admin and an official", async () => {
    const url = `/funding/${openCallId}`;
    const params = { callId: openCallId };
    const publicHtml = await render(callPage as RouteModule, url, params, null, locale);
    checkPage(publicHtml);
    expect(publicHtml).not.toContain("可以联合申报吗");
    expect(publicHtml).not.toContain(`/funding/${openCallId}/apply`);
    const ngoHtml = await render(callPage as RouteModule, url, params, ngoAdminId, locale);
    checkPage(ngoHtml);
    expect(ngoHtml).toContain(`/funding/${openCallId}/apply`);
    expect(ngoHtml).not.toContain(`/funding/${openCallId}/award`);
    const officialHtml = await render(callPage as RouteModule, url, params, officialId, locale);
    checkPage(officialHtml);
    expect(officialHtml).toContain("可以联合申报吗");
    expect(officialHtml).toContain(`/funding/${openCallId}/applications`);
    expect(officialHtml).toContain(`/funding/${openCallId}/edit`);
    const purchase = await render(
      callPage as RouteModule,
      `/funding/${purchaseDraftId}`,
      { callId: purchaseDraftId },
      officialId,
      locale,
    );
    checkPage(purchase);
    expect(purchase).toContain(locale === "en" ? "Lowest valid bid ÷ this bid × 30" : "× 30");
  });

  test("the edit page, full for a draft and frozen for an open call", async () => {
    const full = await render(
      editPage as RouteModule,
      `/funding/${purchaseDraftId}/edit`,
      { callId: purchaseDraftId },
      officialId,
      locale,
    );
    checkPage(full);
    expect(full).toContain('name="criteria[0].weight"');
    const frozen = await render(
      editPage as RouteModule,
      `/funding/${openCallId}/edit`,
      { callId: openCallId },
      officialId,
      locale,
    );
    checkPage(frozen);
    expect(frozen).not.toContain('name="criteria[0].weight"');
    expect(frozen).toContain('name="reviewEndsAt"');
  });
});

describe("route access", () => {
  test("a draft is a 404 to the public; the edit and new pages refuse non-officials", async () => {
    expect(await status(callPage as RouteModule, "/x", { callId: purchaseDraftId }, null)).toBe(404);
    expect(await status(callPage as RouteModule, "/x", { callId: "nope" }, null)).toBe(404);
    expect(await status(editPage as RouteModule, "/x", { callId: openCallId }, ngoAdminId)).toBe(403);
    expect(await status(editPage as RouteModule, "/x", { callId: purchaseDraftId }, ngoAdminId)).toBe(404);
    expect(await status(newPage as RouteModule, "/funding/new", {}, ngoAdminId)).toBe(403);
  });
});
