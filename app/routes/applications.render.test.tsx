// Server-renders the application pages with real loader data in each language, and drives the forms as
// plain POSTs (no JavaScript): apply → edit → submit; screening; and the authorization matrix by URL.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { Locale } from "~/i18n/config";
import { i18nFor } from "~/i18n/i18n.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { applicationRow, declareIntegrity } from "../../tests/helpers/funding-applications-fixtures";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "../../tests/helpers/funding-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
type Person = Awaited<ReturnType<typeof makePersonWithRole>>;
let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let ngoA: Awaited<ReturnType<typeof makeOrganisationWithAdmin>>;
let ngoB: Awaited<ReturnType<typeof makeOrganisationWithAdmin>>;
let official: Person;
let otherOfficial: Person;
let openCallId: string;
let closedCallId: string;
let draftId: string;
let submittedId: string;
let closedChecklist: { id: string }[];

beforeAll(async () => {
  areas = await makeFundingAreas();
  const elsewhere = await makeFundingAreas();
  ngoA = await makeOrganisationWithAdmin(areas.district.id, { name: "甲社工服务中心" });
  ngoB = await makeOrganisationWithAdmin(areas.district.id, { name: "乙社工服务中心" });
  official = await makePersonWithRole("district_official", areas.district.id);
  otherOfficial = await makePersonWithRole("district_official", elsewhere.district.id);
  openCallId = (await makeCall(areas.district.id, { phase: "open" })).call.id;
  const closed = await makeCall(areas.district.id, { phase: "closed" });
  closedCallId = closed.call.id;
  closedChecklist = closed.checklist;
  draftId = (await makeApplication(openCallId, ngoA.org.id, { status: "draft" })).id;
  submittedId = (await makeApplication(closedCallId, ngoA.org.id)).id;
  await declareIntegrity(ngoA.org.id);
});

async function request(url: string, userId: string, locale: Locale) {
  const cookie = `kapok_lng=${locale}; ${sessionCookieName()}=${(await openSession(userId)).token}`;
  return new Request(`http://localhost${url}`, { headers: { "Accept-Language": locale, Cookie: cookie } });
}

type RouteModule = { loader: (args: LoaderFunctionArgs) => Promise<unknown>; default: () => ReactNode };

async function render(
  mod: RouteModule,
  url: string,
  params: Record<string, string>,
  userId: string,
  locale: Locale,
) {
  state.loaderData = await mod.loader({ request: await request(url, userId, locale), params, context });
  state.actionData = undefined;
  const i18n = await i18nFor(locale);
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default)));
}

async function status(p: Promise<unknown>) {
  const r = await p.then(
    (v) => v,
    (e: unknown) => e,
  );
  return r instanceof Response ? r.status : (r as { init?: { status?: number } })?.init?.status;
}

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(applications|common|errors):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const id of ids) expect(labelled, `input #${id} has a label`).toContain(id);
  // Inputs without an id are row inputs with an aria-label, radios inside labels, or hidden.
  const bare = [...html.matchAll(/<(?:input|select)\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map(
    (m) => m[0],
  );
  for (const input of bare) expect(input).toMatch(/aria-label=|type="radio"/);
  for (const table of html.match(/<table\b[^>]*>\s*(<caption|[^<]*)/g) ?? [])
    expect(table).toMatch(/<caption|aria-label/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("application pages render in %s", (locale) => {
  test("apply, my applications, edit form, read view (NGO A)", async () => {
    const apply = await render(
      await import("./funding.$callId.apply"),
      `/funding/${openCallId}/apply`,
      { callId: openCallId },
      ngoA.admin.userId,
      locale,
    );
    checkPage(apply);
    expect(apply).toContain(ngoA.org.name);
    expect(apply).not.toContain(ngoB.org.name);
    const list = await render(
      await import("./applications._index"),
      "/applications",
      {},
      ngoA.admin.userId,
      locale,
    );
    checkPage(list);
    expect(list).toContain(`/applications/${draftId}`);
    expect(list).toContain(`/applications/${submittedId}`);
    const edit = await render(
      await import("./applications.$applicationId.edit"),
      `/applications/${draftId}/edit`,
      { applicationId: draftId },
      ngoA.admin.userId,
      locale,
    );
    checkPage(edit);
    expect(edit).toContain('name="budget[7].amount"');
    expect(edit).toContain('value="submit"');
    const view = await render(
      await import("./applications.$applicationId._index"),
      `/applications/${draftId}`,
      { applicationId: draftId },
      ngoA.admin.userId,
      locale,
    );
    checkPage(view);
    expect(view).toContain('value="withdraw"');
  });

  test("officials: the call's applications and the screening form (with the declaration)", async () => {
    const list = await render(
      await import("./funding.$callId.applications"),
      `/funding/${closedCallId}/applications`,
      { callId: closedCallId },
      official.userId,
      locale,
    );
    checkPage(list);
    expect(list).toContain(`/applications/${submittedId}/screen`);
    expect(list).toContain(ngoA.org.name);
    const screen = await render(
      await import("./applications.$applicationId.screen"),
      `/applications/${submittedId}/screen`,
      { applicationId: submittedId },
      official.userId,
      locale,
    );
    checkPage(screen);
    expect(screen).toContain('value="screen"');
    expect(screen).toContain('value="return"');
    expect(screen).toContain("陈主任");
  });
});

async function post(
  mod: { action: (args: ActionFunctionArgs) => Promise<unknown> },
  url: string,
  params: Record<string, string>,
  userId: string,
  fields: Record<string, string>,
) {
  const body = new URLSearchParams({ csrf: "x", ...fields });
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

const fullForm = {
  title: "社区长者助餐",
  summary: "为独居长者送餐",
  needs: "独居长者 80 人",
  beneficiaries: "独居长者",
  beneficiaryCount: "80",
  objectives: "每日送餐",
  "activities[0].activity": "招募义工",
  "activities[0].timing": "第 1 月",
  "indicators[2].indicator": "送餐人次",
  "indicators[2].target": "20000",
  team: "社工 2 名",
  "budget[0].category": "personnel",
  "budget[0].item": "社工补贴",
  "budget[0].amount": "30,000",
  "budget[3].category": "materials",
  "budget[3].item": "餐盒",
  "budget[3].amount": "20000",
  selfRaised: "20000",
  requested: "30000",
};

describe("forms without JavaScript", () => {
  test("apply → edit (incomplete: every problem listed) → submit → read", async () => {
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    const started = (await post(
      await import("./funding.$callId.apply"),
      `/funding/${call.id}/apply`,
      { callId: call.id },
      ngoA.admin.userId,
      { organisationId: ngoA.org.id },
    )) as Response;
    expect(started.status).toBe(302);
    const id = /\/applications\/([0-9a-f-]{36})\/edit$/.exec(started.headers.get("Location")!)![1]!;
    const edit = await import("./applications.$applicationId.edit");
    const here = `/applications/${id}/edit`;
    const incomplete = await post(edit, here, { applicationId: id }, ngoA.admin.userId, {
      intent: "submit",
      title: "只有标题",
    });
    expect(await status(Promise.resolve(incomplete))).toBe(400);
    const body = JSON.stringify(incomplete);
    expect(body).toContain("applications:missing.summary");
    expect(body).toContain("applications:missing.budget");
    // Over the share: ¥30,000.01 of ¥50,000 at 60%; saved as a draft but not submitted.
    const over = await post(edit, here, { applicationId: id }, ngoA.admin.userId, {
      ...fullForm,
      intent: "submit",
      requested: "30000.01",
      selfRaised: "19999.99",
    });
    expect(await status(Promise.resolve(over))).toBe(422);
    expect(JSON.stringify(over)).toContain("applications:errors.requestOverShare");
    const done = (await post(edit, here, { applicationId: id }, ngoA.admin.userId, {
      ...fullForm,
      intent: "submit",
    })) as Response;
    expect(done.headers.get("Location")).toBe(`/applications/${id}?notice=submitted`);
    const row = await applicationRow(id);
    expect(row).toMatchObject({
      status: "submitted",
      projectTotalMinor: 50_000_00,
      requestedMinor: 30_000_00,
    });
    expect(row!.indicators).toEqual([{ indicator: "送餐人次", target: "20000" }]);
  });

  test("an unverified organisation is sent to register and cannot start", async () => {
    const pending = await makeOrganisationWithAdmin(areas.district.id, { status: "pending" });
    const page = await render(
      await import("./funding.$callId.apply"),
      `/funding/${openCallId}/apply`,
      { callId: openCallId },
      pending.admin.userId,
      "en",
    );
    expect(page).toContain("/organisations/new");
    expect(page).not.toContain('name="organisationId"');
    expect(
      await status(
        post(
          await import("./funding.$callId.apply"),
          `/funding/${openCallId}/apply`,
          { callId: openCallId },
          pending.admin.userId,
          { organisationId: pending.org.id },
        ),
      ),
    ).toBe(403);
  });

  test("screening by POST: a fail without a reason is sent back; with reasons it is recorded", async () => {
    const app = await makeApplication(closedCallId, ngoB.org.id);
    const screen = await import("./applications.$applicationId.screen");
    const here = `/applications/${app.id}/screen`;
    const fields = {
      intent: "screen",
      "checks[0].itemId": closedChecklist[0]!.id,
      "checks[0].verdict": "pass",
      "checks[1].itemId": closedChecklist[1]!.id,
      "checks[1].verdict": "fail",
    };
    expect(await status(post(screen, here, { applicationId: app.id }, official.userId, fields))).toBe(400);
    const ok = (await post(screen, here, { applicationId: app.id }, official.userId, {
      ...fields,
      "checks[1].reason": "超出章程范围",
    })) as Response;
    expect(ok.status).toBe(302);
    const view = await render(
      await import("./applications.$applicationId._index"),
      `/applications/${app.id}`,
      { applicationId: app.id },
      ngoB.admin.userId,
      "en",
    );
    expect(view).toContain("超出章程范围");
    expect(view).toContain("Ineligible");
  });
});

describe("authorization matrix by URL", () => {
  test("NGO B reading, editing, submitting or withdrawing NGO A's application → 404", async () => {
    const view = await import("./applications.$applicationId._index");
    const edit = await import("./applications.$applicationId.edit");
    for (const id of [draftId, submittedId, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect(
        await status(render(view, `/applications/${id}`, { applicationId: id }, ngoB.admin.userId, "en")),
      ).toBe(404);
      expect(
        await status(
          render(edit, `/applications/${id}/edit`, { applicationId: id }, ngoB.admin.userId, "en"),
        ),
      ).toBe(404);
      expect(
        await status(
          post(edit, `/applications/${id}/edit`, { applicationId: id }, ngoB.admin.userId, {
            ...fullForm,
            intent: "submit",
          }),
        ),
      ).toBe(404);
      expect(
        await status(
          post(view, `/applications/${id}`, { applicationId: id }, ngoB.admin.userId, { intent: "withdraw" }),
        ),
      ).toBe(404);
    }
    const row = await applicationRow(draftId);
    expect(row!.status).toBe("draft");
    const files = await import("./applications.$applicationId.files.$attachmentId");
    expect(
      await status(
        files.loader({
          request: await request(`/applications/${draftId}/files/x`, ngoB.admin.userId, "en"),
          params: { applicationId: draftId, attachmentId: "00000000-0000-4000-8000-000000000000" },
          context,
        }),
      ),
    ).toBe(404);
  });

  test("officials never see drafts; another district's official sees nothing; NGOs cannot screen", async () => {
    const view = await import("./applications.$applicationId._index");
    const screen = await import("./applications.$applicationId.screen");
    expect(
      await status(
        render(view, `/applications/${draftId}`, { applicationId: draftId }, official.userId, "en"),
      ),
    ).toBe(404);
    expect(
      await status(
        render(
          view,
          `/applications/${submittedId}`,
          { applicationId: submittedId },
          otherOfficial.userId,
          "en",
        ),
      ),
    ).toBe(404);
    expect(
      await status(
        render(
          screen,
          `/applications/${submittedId}/screen`,
          { applicationId: submittedId },
          otherOfficial.userId,
          "en",
        ),
      ),
    ).toBe(404);
    expect(
      await status(
        render(
          screen,
          `/applications/${submittedId}/screen`,
          { applicationId: submittedId },
          ngoA.admin.userId,
          "en",
        ),
      ),
    ).toBe(404);
    const list = await import("./funding.$callId.applications");
    expect(
      await status(
        render(
          list,
          `/funding/${closedCallId}/applications`,
          { callId: closedCallId },
          otherOfficial.userId,
          "en",
        ),
      ),
    ).toBe(404);
    expect(
      await status(
        render(
          list,
          `/funding/${closedCallId}/applications`,
          { callId: closedCallId },
          ngoA.admin.userId,
          "en",
        ),
      ),
    ).toBe(404);
    expect(
      await status(
        post(
          screen,
          `/applications/${submittedId}/screen`,
          { applicationId: submittedId },
          otherOfficial.userId,
          { intent: "return", reason: "x", dueAt: "2099-01-01T10:00" },
        ),
      ),
    ).toBe(404);
  });
});
