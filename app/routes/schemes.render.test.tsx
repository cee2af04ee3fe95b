// Server-renders the scheme pages with their real loader data in each language: catches a page that
// throws while rendering, a catalogue key shown raw, and an input without its label.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { makeProposal, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { renderState as state } from "../../tests/helpers/remix-react-mock";

vi.mock("@remix-run/react", () =>
  import("../../tests/helpers/remix-react-mock").then((m) => m.remixReactMock()),
);

const context = { csrfToken: "x" } as unknown as LoaderFunctionArgs["context"];
let w: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeAll(async () => {
  w = await makeSchemeWorld({ phase: "collecting" });
  await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "collecting" });
  await makeProposal(w.scheme, w.residents[1]!, w.tree.C.id, {
    status: "screening",
    estimatedCostMinor: 90_000_00,
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
  expect(html).not.toMatch(/\b(schemes|common|proposals):[a-zA-Z]/);
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

describe.each(locales)("pages render in %s", (locale) => {
  test("/schemes", async () => {
    const html = await render(await import("./schemes._index"), "/schemes", {}, w.official.id, locale);
    checkPage(html);
    expect(html).toContain(w.scheme.title);
  });

  test("/schemes/:id", async () => {
    const html = await render(
      await import("./schemes.$schemeId._index"),
      `/schemes/${w.scheme.id}`,
      { schemeId: w.scheme.id },
      w.official.id,
      locale,
    );
    checkPage(html);
    expect(html).toContain(`/schemes/${w.scheme.id}/propose`);
    expect(html).toContain(`/schemes/${w.scheme.id}/proposals.csv`);
  });

  test("/schemes/new", async () => {
    checkPage(await render(await import("./schemes.new"), "/schemes/new", {}, w.official.id, locale));
  });

  test("/schemes/:id/edit (published)", async () => {
    const html = await render(
      await import("./schemes.$schemeId.edit"),
      `/schemes/${w.scheme.id}/edit`,
      { schemeId: w.scheme.id },
      w.official.id,
      locale,
    );
    checkPage(html);
    expect(html).not.toContain('name="budget"');
    expect(html).toContain('name="votingClosesAt"');
  });

  test("/schemes/:id/screening", async () => {
    const html = await render(
      await import("./schemes.$schemeId.screening"),
      `/schemes/${w.scheme.id}/screening`,
      { schemeId: w.scheme.id },
      w.official.id,
      locale,
    );
    checkPage(html);
    expect(html).toContain('name="decision"');
  });
});
