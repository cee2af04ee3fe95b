// Server-renders the consultation pages with real loader data in each language, and walks the forms as
// plain POSTs (no JavaScript): create → questions → publish → answer → statements → assisted → results.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { i18nFor } from "~/i18n/i18n.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { listQuestions } from "~/modules/consultations/consultation-queries.server";
import { answerField, rankingField } from "~/modules/consultations/questionnaire";
import { makeResident } from "../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff, openSession } from "../../tests/helpers/residency-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let gridWorker: Awaited<ReturnType<typeof makeStaff>>;
let resident: Awaited<ReturnType<typeof makeResident>>;
let neighbour: Awaited<ReturnType<typeof makeResident>>;
let offline: Awaited<ReturnType<typeof makeResident>>;
let id: string;

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
  state.actionData = undefined;
  const i18n = await i18nFor(locale);
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default)));
}

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(consultations|common|schemes):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([
    ...[...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<label\b[^>]*>(?:(?!<\/label>)[\s\S])*?<input\b[^>]*\bid="([^"]+)"/g)].map(
      (m) => m[1]!,
    ),
  ]);
  for (const inputId of ids) expect(labelled, `input #${inputId} has a label`).toContain(inputId);
  const bare = [...html.matchAll(/<input\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map((m) => m[0]);
  for (const input of bare) expect(input).toMatch(/type="(checkbox|radio)"/);
}

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
const location = (r: unknown) => (r as Response).headers.get("Location");

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  gridWorker = await makeStaff("grid_worker", tree.G.id, "网格员");
  resident = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
  neighbour = await makeResident(tree.C.id, "李伯", tree.G.id);
  offline = await makeResident(tree.C.id, "王婆婆", tree.G.id);

  const newMod = await import("./consultations.new");
  const created = await post(newMod, "/consultations/new", {}, committee.id, [
    ["intent", "details"],
    ["areaCode", tree.C.code],
    ["title", "加装充电桩"],
    ["background", "电动车充电难"],
    ["opensAt", toShanghaiLocal(new Date(Date.now() - 3_600_000))],
    ["closesAt", toShanghaiLocal(new Date(Date.now() + 7 * 86_400_000))],
    ["eligibility", "verified"],
    ["allowStatements", "on"],
  ]);
  expect(statusOf(created)).toBe(302);
  id = location(created)!.split("/")[2]!;
  const edit = await import("./consultations.$consultationId.edit");
  const here = `/consultations/${id}/edit`;
  const add = (fields: [string, string][]) =>
    post(edit, here, { consultationId: id }, committee.id, [["intent", "addQuestion"], ...fields]);
  expect(
    statusOf(
      await add([
        ["kind", "single"],
        ["prompt", "装在哪里？"],
        ["options", "东门\n西门"],
        ["required", "on"],
      ]),
    ),
  ).toBe(302);
  expect(
    statusOf(
      await add([
        ["kind", "multiple"],
        ["prompt", "哪些时段？"],
        ["options", "早\n中\n晚"],
        ["minChoices", "1"],
        ["maxChoices", "2"],
        ["required", "on"],
      ]),
    ),
  ).toBe(302);
  expect(
    statusOf(
      await add([
        ["kind", "ranking"],
        ["prompt", "排序"],
        ["options", "甲方案\n乙方案\n丙方案"],
      ]),
    ),
  ).toBe(302);
  expect(
    statusOf(
      await add([
        ["kind", "scale"],
        ["prompt", "满意度"],
        ["required", "on"],
      ]),
    ),
  ).toBe(302);
  expect(
    statusOf(
      await add([
        ["kind", "text"],
        ["prompt", "其他意见"],
      ]),
    ),
  ).toBe(302);
  // One option only: sent back with a field error.
  expect(
    statusOf(
      await add([
        ["kind", "single"],
        ["prompt", "坏题"],
        ["options", "唯一"],
      ]),
    ),
  ).toBe(400);
  // A resident cannot see (so cannot edit) a draft.
  expect(statusOf(await post(edit, here, { consultationId: id }, resident.id, [["intent", "publish"]]))).toBe(
    404,
  );
  expect(
    location(await post(edit, here, { consultationId: id }, committee.id, [["intent", "publish"]])),
  ).toBe(`${here}?notice=published`);
});

describe("consultation forms work without JavaScript", () => {
  test("answer (with a ranking), fix errors, statements, assisted, results, exports", async () => {
    const page = await import("./consultations.$consultationId._index");
    const here = `/consultations/${id}`;
    const q = await listQuestions(id);
    const [single, multiple, ranking, scale, text] = q.map((x) => x.id) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const bad = await post(page, here, { consultationId: id }, resident.id, [
      ["intent", "respond"],
      [answerField(single), "0"],
      [answerField(multiple), "0"],
      [answerField(multiple), "1"],
      [answerField(multiple), "2"],
      [rankingField(ranking, 0), "1"],
      [rankingField(ranking, 1), "3"],
      [answerField(scale), "6"],
    ]);
    expect(statusOf(bad)).toBe(400);
    const errors = (bad as { data: { answerErrors: Record<string, string> } }).data.answerErrors;
    expect(Object.keys(errors).sort()).toEqual([multiple, ranking, scale].sort());
    const good = await post(page, here, { consultationId: id }, resident.id, [
      ["intent", "respond"],
      [answerField(single), "1"],
      [answerField(multiple), "2"],
      [rankingField(ranking, 2), "1"],
      [rankingField(ranking, 0), "2"],
      [answerField(scale), "4"],
      [answerField(text), "希望装在东门"],
    ]);
    expect(location(good)).toBe(`${here}?notice=responded`);

    expect(
      location(
        await post(page, here, { consultationId: id }, neighbour.id, [
          ["intent", "statement"],
          ["text", "晚上充电更安全"],
        ]),
      ),
    ).toBe(`${here}?notice=statement#statements-heading`);
    const mod = await import("./consultations.$consultationId.statements");
    const queue = await render(mod, `${here}/statements`, { consultationId: id }, committee.id, "zh-CN");
    checkPage(queue);
    const statementId = /name="statementId" value="([^"]+)"/.exec(queue)![1]!;
    expect(
      location(
        await post(mod, `${here}/statements`, { consultationId: id }, committee.id, [
          ["statementId", statementId],
          ["decision", "approve"],
        ]),
      ),
    ).toBe(`${here}/statements?notice=approved`);
    expect(
      location(
        await post(page, here, { consultationId: id }, resident.id, [
          ["intent", "vote"],
          ["statementId", statementId],
          ["vote", "agree"],
        ]),
      ),
    ).toBe(`${here}?notice=voted#statement-${statementId}`);

    const assisted = await import("./consultations.$consultationId.assisted");
    const assistedHtml = await render(
      assisted,
      `${here}/assisted`,
      { consultationId: id },
      gridWorker.id,
      "zh-CN",
    );
    checkPage(assistedHtml);
    expect(assistedHtml).toContain(offline.id);
    const recorded = await post(assisted, `${here}/assisted`, { consultationId: id }, gridWorker.id, [
      ["residentId", offline.id],
      [answerField(single), "0"],
      [answerField(multiple), "0"],
      [answerField(scale), "5"],
    ]);
    expect(location(recorded)).toBe(`${here}/assisted?notice=recorded`);
    // The grid worker cannot overwrite what a resident answered online.
    expect(
      statusOf(
        await post(assisted, `${here}/assisted`, { consultationId: id }, gridWorker.id, [
          ["residentId", resident.id],
          [answerField(single), "0"],
          [answerField(multiple), "0"],
          [answerField(scale), "5"],
        ]),
      ),
    ).toBe(409);
    const refused = await render(
      assisted,
      `${here}/assisted`,
      { consultationId: id },
      resident.id,
      "zh-CN",
    ).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);

    const csvMod = await import("./consultations.$consultationId.responses[.]csv");
    const csv = (await csvMod.loader({
      request: await request(`${here}/responses.csv`, committee.id, "en"),
      params: { consultationId: id },
      context,
    })) as Response;
    expect(csv.status).toBe(200);
    const body = await csv.text();
    expect(body).toContain("希望装在东门");
    expect(body).not.toContain(resident.id);
    expect(body.trim().split("\r\n")).toHaveLength(3);
    const early = await csvMod
      .loader({
        request: await request(`${here}/responses.csv`, resident.id, "en"),
        params: { consultationId: id },
        context,
      })
      .catch((e: unknown) => e);
    expect((early as Response).status).toBe(403);
    const jsonMod = await import("./consultations.$consultationId.responses[.]json");
    const json = (await jsonMod.loader({
      request: await request(`${here}/responses.json`, committee.id, "en"),
      params: { consultationId: id },
      context,
    })) as Response;
    const parsed = (await json.json()) as { responses: { channel: string }[] };
    expect(parsed.responses.map((r) => r.channel).sort()).toEqual(["assisted", "web"]);
  });
});

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("consultation pages render in %s", (locale) => {
  test("list, public page (signed out, resident, organiser), edit, results", async () => {
    const list = await import("./consultations._index");
    const listed = await render(list, `/consultations?area=${tree.C.code}&state=open`, {}, null, locale);
    checkPage(listed);
    expect(listed).toContain("加装充电桩");
    const page = await import("./consultations.$consultationId._index");
    for (const user of [null, resident.id, committee.id, neighbour.id]) {
      const html = await render(page, `/consultations/${id}`, { consultationId: id }, user, locale);
      checkPage(html);
      expect(html).toContain("装在哪里？");
    }
    const edit = await import("./consultations.$consultationId.edit");
    checkPage(await render(edit, `/consultations/${id}/edit`, { consultationId: id }, committee.id, locale));
    const results = await import("./consultations.$consultationId.results");
    const asOrganiser = await render(
      results,
      `/consultations/${id}/results`,
      { consultationId: id },
      committee.id,
      locale,
    );
    checkPage(asOrganiser);
    expect(asOrganiser).toContain("甲方案");
    const asResident = await render(
      results,
      `/consultations/${id}/results`,
      { consultationId: id },
      resident.id,
      locale,
    );
    checkPage(asResident);
    expect(asResident).not.toContain("甲方案");
    const newMod = await import("./consultations.new");
    checkPage(await render(newMod, "/consultations/new", {}, committee.id, locale));
  });

  test("forged ids are 404, outsiders 403", async () => {
    const page = await import("./consultations.$consultationId._index");
    for (const bad of ["nope", "00000000-0000-4000-8000-000000000000"]) {
      const r = await render(page, `/consultations/${bad}`, { consultationId: bad }, null, locale).catch(
        (e: unknown) => e,
      );
      expect((r as Response).status).toBe(404);
    }
    const edit = await import("./consultations.$consultationId.edit");
    const r = await render(
      edit,
      `/consultations/${id}/edit`,
      { consultationId: id },
      resident.id,
      locale,
    ).catch((e: unknown) => e);
    expect((r as Response).status).toBe(403);
  });
});
