// Server-renders the matter pages with their real loader data in each language: catches a page that
// throws while rendering, a catalogue key shown raw, and an input without its label.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { makeResident } from "../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff, makeUser, openSession } from "../../tests/helpers/residency-fixtures";
import { respondToMatter } from "~/modules/matters/respond-to-matter.server";
import { raiseMatter } from "~/modules/matters/raise-matter.server";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let admin: Awaited<ReturnType<typeof makeStaff>>;
let author: Awaited<ReturnType<typeof makeResident>>;
let neighbour: Awaited<ReturnType<typeof makeResident>>;
let openId: string;
let answeredId: string;

beforeAll(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "黄主任");
  admin = await makeStaff("platform_admin", tree.city.id);
  author = await makeResident(tree.C.id, "陈阿姨", tree.G.id);
  neighbour = await makeResident(tree.C.id, "李伯");
  const raise = (title: string, now: Date) =>
    raiseMatter({
      actor: author,
      actorRoles: author.roles,
      communityCode: tree.C.code,
      gridCode: tree.G.code,
      title,
      description: "上周停了三次",
      category: "facilities",
      now,
    });
  openId = (await raise("电梯停运", new Date(Date.now() - 30 * 86_400_000))).id;
  answeredId = (await raise("路灯不亮", new Date())).id;
  await respondToMatter({
    actor: committee,
    actorRoles: committee.roles,
    matterId: answeredId,
    kind: "referral",
    text: "已转交区城管局",
    department: "区城管局",
  });
});

async function request(url: string, userId: string | null, locale: Locale) {
  const headers: Record<string, string> = { "Accept-Language": locale };
  const cookies = [`kapok_lng=${locale}`];
  if (userId) cookies.push(`${sessionCookieName()}=${(await openSession(userId)).token}`);
  headers.Cookie = cookies.join("; ");
  return new Request(`http://localhost${url}`, { headers });
}

type RouteModule = {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  default: () => ReactNode;
};

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

function checkPage(html: string) {
  // No raw catalogue key (a missing translation shows as "ns:key").
  expect(html).not.toMatch(/\b(matters|schemes|common|residency):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([
    ...[...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!),
    // An input inside its label.
    ...[...html.matchAll(/<label\b[^>]*>(?:(?!<\/label>)[\s\S])*?<input\b[^>]*\bid="([^"]+)"/g)].map(
      (m) => m[1]!,
    ),
  ]);
  for (const id of ids) expect(labelled, `input #${id} has a label`).toContain(id);
  // Checkboxes and radios sit inside their label.
  const bare = [...html.matchAll(/<input\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map((m) => m[0]);
  for (const input of bare) expect(input).toMatch(/type="(checkbox|radio)"/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("matter pages render in %s", (locale) => {
  test("/matters (public, signed out) and filtered by area", async () => {
    const mod = await import("./matters._index");
    const html = await render(mod, "/matters?sort=metoo&status=all", {}, null, locale);
    checkPage(html);
    expect(html).toContain("电梯停运");
    const filtered = await render(mod, `/matters?area=${tree.C.code}&status=overdue`, {}, null, locale);
    checkPage(filtered);
    expect(filtered).toContain("电梯停运");
    expect(filtered).not.toContain("路灯不亮");
  });

  test("/matters?queue=1 for the committee; refused to a resident", async () => {
    const mod = await import("./matters._index");
    const html = await render(mod, "/matters?queue=1", {}, committee.id, locale);
    checkPage(html);
    expect(html).toContain(`/matters/${openId}`);
    const refused = await render(mod, "/matters?queue=1", {}, author.id, locale).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });

  test("/matters/:id as the committee (forms), the neighbour (me too), the author (rating)", async () => {
    const mod = await import("./matters.$matterId");
    const asCommittee = await render(mod, `/matters/${openId}`, { matterId: openId }, committee.id, locale);
    checkPage(asCommittee);
    expect(asCommittee).toContain('value="acknowledge"');
    expect(asCommittee).toContain(`/consultations/new?matter=${openId}`);
    const asNeighbour = await render(mod, `/matters/${openId}`, { matterId: openId }, neighbour.id, locale);
    checkPage(asNeighbour);
    expect(asNeighbour).toContain('value="meToo"');
    expect(asNeighbour).not.toContain('value="acknowledge"');
    const asAuthor = await render(mod, `/matters/${answeredId}`, { matterId: answeredId }, author.id, locale);
    checkPage(asAuthor);
    expect(asAuthor).toContain('value="rate"');
    expect(asAuthor).toContain("区城管局");
    const signedOut = await render(mod, `/matters/${answeredId}`, { matterId: answeredId }, null, locale);
    checkPage(signedOut);
    expect(signedOut).not.toContain('value="rate"');
  });

  test("/matters/:id with a forged id is a 404", async () => {
    const mod = await import("./matters.$matterId");
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"]) {
      const r = await render(mod, `/matters/${id}`, { matterId: id }, null, locale).catch((e: unknown) => e);
      expect((r as Response).status).toBe(404);
    }
  });

  test("/matters/new for a resident and for someone without residency", async () => {
    const mod = await import("./matters.new");
    const html = await render(mod, "/matters/new", {}, author.id, locale);
    checkPage(html);
    expect(html).toContain('name="title"');
    const nobody = await makeUser();
    const none = await render(mod, "/matters/new", {}, nobody.id, locale);
    checkPage(none);
    expect(none).not.toContain('name="title"');
  });

  test("/matters/settings for the committee and for an admin; refused to a resident", async () => {
    const mod = await import("./matters.settings");
    const asCommittee = await render(mod, "/matters/settings", {}, committee.id, locale);
    checkPage(asCommittee);
    expect(asCommittee).toContain('name="days"');
    expect(asCommittee).not.toContain('value="calendarDay"');
    const asAdmin = await render(mod, "/matters/settings", {}, admin.id, locale);
    checkPage(asAdmin);
    expect(asAdmin).toContain('value="calendarDay"');
    const refused = await render(mod, "/matters/settings", {}, author.id, locale).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);
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
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Cookie: `${sessionCookieName()}=${(await openSession(userId)).token}`,
  };
  const req = new Request(`http://localhost${url}`, { method: "POST", body, headers });
  return mod.action({ request: req, params, context }).catch((e: unknown) => e);
}

const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : (r as { init?: { status?: number } })?.init?.status;

describe("matter forms work without JavaScript (plain POST, redirect after)", () => {
  test("raise → me too → acknowledge → respond → rate", async () => {
    const newMod = await import("./matters.new");
    const raised = (await post(newMod, "/matters/new", {}, author.id, {
      title: "垃圾站异味",
      description: "夏天垃圾站味道很大",
      category: "environment",
      grid: tree.G.code,
      address: "",
    })) as Response;
    expect(raised.status).toBe(302);
    const location = raised.headers.get("Location")!;
    expect(location).toMatch(/^\/matters\/[0-9a-f-]{36}\?notice=raised$/);
    const id = location.slice("/matters/".length, location.indexOf("?"));
    const page = await import("./matters.$matterId");
    const here = `/matters/${id}`;

    const meToo = (await post(page, here, { matterId: id }, neighbour.id, { intent: "meToo" })) as Response;
    expect(meToo.headers.get("Location")).toBe(`${here}?notice=meToo`);
    // The author cannot say "me too": a form error, not a 500.
    expect(statusOf(await post(page, here, { matterId: id }, author.id, { intent: "meToo" }))).toBe(403);

    const ack = (await post(page, here, { matterId: id }, committee.id, {
      intent: "acknowledge",
      handlerName: "黄主任",
    })) as Response;
    expect(ack.headers.get("Location")).toBe(`${here}?notice=acknowledged`);

    // A referral without a department is sent back with a field error.
    expect(
      statusOf(
        await post(page, here, { matterId: id }, committee.id, {
          intent: "respond",
          kind: "referral",
          text: "转办",
        }),
      ),
    ).toBe(400);
    // A resident cannot respond.
    expect(
      statusOf(
        await post(page, here, { matterId: id }, neighbour.id, {
          intent: "respond",
          kind: "answer",
          text: "x",
        }),
      ),
    ).toBe(403);
    const responded = (await post(page, here, { matterId: id }, committee.id, {
      intent: "respond",
      kind: "answer",
      text: "已安排每日清运两次",
    })) as Response;
    expect(responded.headers.get("Location")).toBe(`${here}?notice=responded`);

    const rated = (await post(page, here, { matterId: id }, author.id, {
      intent: "rate",
      rating: "dissatisfied",
    })) as Response;
    expect(rated.headers.get("Location")).toBe(`${here}?notice=rated`);

    // A missing CSRF token is refused before anything else.
    const noCsrf = await page
      .action({
        request: new Request(`http://localhost${here}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "meToo" }),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        params: { matterId: id },
        context,
      })
      .catch((e: unknown) => e);
    expect(statusOf(noCsrf)).toBe(403);
  });

  test("settings: the committee saves response days; out of range is a field error", async () => {
    const mod = await import("./matters.settings");
    const ok = (await post(mod, "/matters/settings", {}, committee.id, {
      intent: "responseDays",
      area: tree.C.code,
      days: "4",
    })) as Response;
    expect(ok.headers.get("Location")).toBe("/matters/settings?notice=days");
    expect(
      statusOf(
        await post(mod, "/matters/settings", {}, committee.id, {
          intent: "responseDays",
          area: tree.C.code,
          days: "0",
        }),
      ),
    ).toBe(400);
    expect(
      statusOf(
        await post(mod, "/matters/settings", {}, committee.id, {
          intent: "calendarDay",
          day: "2029-10-01",
          kind: "holiday",
          name: "国庆节",
        }),
      ),
    ).toBe(403);
  });
});
