// Server-renders the organisation pages with their real loader data in each language: catches a page
// that throws while rendering, a catalogue key shown raw, an input without its label, and a page shown
// to someone who must not see it (pending organisations, forged ids).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { recordDeclaration } from "~/modules/funding/organisation-declarations.server";
import { inviteMember } from "~/modules/funding/organisation-members.server";
import { registerOrganisation } from "~/modules/funding/organisation-register.server";
import { decideOrganisation } from "~/modules/funding/organisation-verify.server";
import { makeFundingAreas } from "../../tests/helpers/funding-fixtures";
import {
  memoryStorage,
  organisationDetails,
  pdfFile,
} from "../../tests/helpers/funding-organisations-fixtures";
import { makeStaff, makeUser, openSession } from "../../tests/helpers/residency-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let otherAreas: Awaited<ReturnType<typeof makeFundingAreas>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let invitee: Awaited<ReturnType<typeof makeUser>>;
let stranger: Awaited<ReturnType<typeof makeUser>>;
let district: Awaited<ReturnType<typeof makeStaff>>;
let otherDistrict: Awaited<ReturnType<typeof makeStaff>>;
let verifiedId: string;
let pendingId: string;

beforeAll(async () => {
  areas = await makeFundingAreas();
  otherAreas = await makeFundingAreas();
  admin = await makeUser("陈主任");
  invitee = await makeUser("李社工");
  stranger = await makeUser("路人");
  district = await makeStaff("district_official", areas.district.id, "区民政干部");
  otherDistrict = await makeStaff("district_official", otherAreas.district.id, "别区干部");
  const register = async (name: string) =>
    (
      await registerOrganisation({
        actor: admin,
        details: organisationDetails(areas.district.code, [areas.district.code, areas.street.code], { name }),
        certificate: [pdfFile()],
        storage: memoryStorage().storage,
      })
    ).id;
  verifiedId = await register("越秀长者社工服务中心");
  pendingId = await register("待核验青少年服务社");
  await decideOrganisation({
    actor: district,
    actorRoles: district.roles,
    organisationId: verifiedId,
    decision: "verify",
  });
  const roles = await listActiveRoles(admin.id);
  await recordDeclaration({
    actor: admin,
    actorRoles: roles,
    organisationId: verifiedId,
    declarantName: "陈主任",
    notAbnormal1y: true,
    notSeriousViolation2y: true,
    noMajorViolation3y: true,
  });
  await inviteMember({
    actor: admin,
    actorRoles: roles,
    organisationId: verifiedId,
    identifier: invitee.email,
    role: "member",
  });
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
  state.actionData = undefined;
  const i18n = await i18nFor(locale);
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default)));
}

async function status(mod: RouteModule, url: string, params: Record<string, string>, userId: string | null) {
  try {
    await mod.loader({ request: await request(url, userId, "en"), params, context });
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  return 200;
}

function checkPage(html: string) {
  expect(html).not.toMatch(/\b(organisations|common|errors):[a-zA-Z]/);
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  const labelled = new Set([...html.matchAll(/<label[^>]*\bfor="([^"]+)"/g)].map((m) => m[1]!));
  for (const id of ids) expect(labelled, `input #${id} has a label`).toContain(id);
  const bare = [...html.matchAll(/<input\b(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)].map((m) => m[0]);
  for (const input of bare) expect(input).toMatch(/type="(checkbox|radio)"/);
  for (const table of html.match(/<table\b[\s\S]*?<\/table>/g) ?? [])
    expect(table).toMatch(/<caption>|aria-label=/);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];

describe.each(locales)("organisation pages render in %s", (locale) => {
  test("/organisations: public directory lists only verified ones; signed in, my organisations", async () => {
    const mod = await import("./organisations._index");
    const anonymous = await render(mod, "/organisations", {}, null, locale);
    checkPage(anonymous);
    expect(anonymous).toContain(`/organisations/${verifiedId}`);
    expect(anonymous).not.toContain(`/organisations/${pendingId}`);
    const mine = await render(mod, "/organisations?q=越秀", {}, admin.id, locale);
    checkPage(mine);
    expect(mine).toContain(`/organisations/${pendingId}`);
    const invited = await render(mod, "/organisations", {}, invitee.id, locale);
    expect(invited).toContain("/organisations/invitations");
  });

  test("/organisations/new", async () => {
    const mod = await import("./organisations.new");
    const html = await render(mod, "/organisations/new", {}, stranger.id, locale);
    checkPage(html);
    expect(html).toContain('name="certificate"');
    expect(html).toContain(areas.street.code);
  });

  test("/organisations/:id as the public (no contact), the admin (links) and the official (decide)", async () => {
    const mod = await import("./organisations.$organisationId._index");
    const publicView = await render(
      mod,
      `/organisations/${verifiedId}`,
      { organisationId: verifiedId },
      null,
      locale,
    );
    checkPage(publicView);
    expect(publicView).toContain("陈主任");
    expect(publicView).not.toContain("020-8888 1234");
    expect(publicView).not.toContain("/edit");
    const adminView = await render(
      mod,
      `/organisations/${verifiedId}`,
      { organisationId: verifiedId },
      admin.id,
      locale,
    );
    checkPage(adminView);
    expect(adminView).toContain("020-8888 1234");
    expect(adminView).toContain(`/organisations/${verifiedId}/members`);
    const officialView = await render(
      mod,
      `/organisations/${pendingId}`,
      { organisationId: pendingId },
      district.id,
      locale,
    );
    checkPage(officialView);
    expect(officialView).toContain('value="verify"');
    expect(officialView).toContain('value="reject"');
  });

  test("/organisations/:id/edit, /members, /declarations as the admin", async () => {
    const edit = await render(
      await import("./organisations.$organisationId.edit"),
      `/organisations/${verifiedId}/edit`,
      { organisationId: verifiedId },
      admin.id,
      locale,
    );
    checkPage(edit);
    expect(edit).not.toContain('name="creditCode"');
    const editPending = await render(
      await import("./organisations.$organisationId.edit"),
      `/organisations/${pendingId}/edit`,
      { organisationId: pendingId },
      admin.id,
      locale,
    );
    checkPage(editPending);
    expect(editPending).toContain('name="creditCode"');
    const members = await render(
      await import("./organisations.$organisationId.members"),
      `/organisations/${verifiedId}/members`,
      { organisationId: verifiedId },
      admin.id,
      locale,
    );
    checkPage(members);
    expect(members).toContain('value="remove"');
    expect(members).toContain('value="cancelInvitation"');
    const declarations = await render(
      await import("./organisations.$organisationId.declarations"),
      `/organisations/${verifiedId}/declarations`,
      { organisationId: verifiedId },
      admin.id,
      locale,
    );
    checkPage(declarations);
    expect(declarations).toContain('type="checkbox"');
  });

  test("/organisations/review and /organisations/invitations", async () => {
    const review = await render(
      await import("./organisations.review"),
      "/organisations/review",
      {},
      district.id,
      locale,
    );
    checkPage(review);
    expect(review).toContain(`/organisations/${pendingId}`);
    const invitations = await render(
      await import("./organisations.invitations"),
      "/organisations/invitations",
      {},
      invitee.id,
      locale,
    );
    checkPage(invitations);
    expect(invitations).toContain('value="accept"');
  });
});

describe("who sees what", () => {
  test("a pending organisation is 404 to the public, a stranger and another district's official", async () => {
    const mod = await import("./organisations.$organisationId._index");
    const params = { organisationId: pendingId };
    expect(await status(mod, `/organisations/${pendingId}`, params, null)).toBe(404);
    expect(await status(mod, `/organisations/${pendingId}`, params, stranger.id)).toBe(404);
    expect(await status(mod, `/organisations/${pendingId}`, params, otherDistrict.id)).toBe(404);
    expect(await status(mod, `/organisations/${pendingId}`, params, district.id)).toBe(200);
    expect(await status(mod, `/organisations/${pendingId}`, params, admin.id)).toBe(200);
  });

  test("forged ids are 404 on every organisation page", async () => {
    for (const forged of ["nope", "00000000-0000-0000-0000-000000000000"]) {
      const params = { organisationId: forged };
      for (const name of [
        "./organisations.$organisationId._index",
        "./organisations.$organisationId.edit",
        "./organisations.$organisationId.members",
        "./organisations.$organisationId.declarations",
      ])
        expect(
          await status(await import(/* @vite-ignore */ name), `/organisations/${forged}`, params, admin.id),
        ).toBe(404);
    }
  });

  test("admin pages refuse a stranger (verified: 403 or 404) and the review queue refuses non-officials", async () => {
    const params = { organisationId: verifiedId };
    expect(
      await status(await import("./organisations.$organisationId.edit"), "/x", params, stranger.id),
    ).toBe(403);
    expect(
      await status(await import("./organisations.$organisationId.members"), "/x", params, stranger.id),
    ).toBe(404);
    expect(
      await status(await import("./organisations.$organisationId.declarations"), "/x", params, stranger.id),
    ).toBe(403);
    expect(
      await status(await import("./organisations.review"), "/organisations/review", {}, stranger.id),
    ).toBe(403);
  });
});
