// Server-renders the proposal pages with real loader data, so a component that throws, or a key shown
// raw, fails here rather than in the browser.
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { beforeAll, describe, expect, test } from "vitest";
import { i18nFor } from "~/i18n/i18n.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { makeProposal, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import MyProposals, { loader as mineLoader } from "./account.proposals";
import EditProposal, { loader as editLoader } from "./proposals.$proposalId.edit";
import ProposalPage, { loader as pageLoader } from "./proposals.$proposalId._index";
import Propose, { loader as proposeLoader } from "./schemes.$schemeId.propose";

const context = { csrfToken: "t", clientIp: "203.0.113.1" } as unknown as AppLoadContext;
let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let cookie: string;

beforeAll(async () => {
  world = await makeSchemeWorld();
  cookie = `${sessionCookieName()}=${(await openSession(world.residents[0]!.id)).token}`;
});

async function render(
  path: string,
  Component: () => JSX.Element,
  loader: (a: LoaderFunctionArgs) => unknown,
  params: Record<string, string>,
  locale: "zh-CN" | "en" = "en",
) {
  const request = new Request(`http://localhost${path}`, {
    headers: { Cookie: `${cookie}; kapok_lng=${locale}` },
  });
  const data = await loader({ request, params, context } as LoaderFunctionArgs);
  const router = createMemoryRouter(
    [{ id: "root", path: "/", children: [{ id: "page", path: path.split("?")[0]!.slice(1), Component }] }],
    { initialEntries: [path], hydrationData: { loaderData: { root: { csrfToken: "t" }, page: data } } },
  );
  const i18n = await i18nFor(locale);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <RouterProvider router={router} />
    </I18nextProvider>,
  );
  expect(html).not.toMatch(/proposals:|schemes:[a-z]+\.[a-z]/);
  return html;
}

describe("pages render", () => {
  test("propose form, proposal page (author and public), edit, my proposals", async () => {
    const author = world.residents[0]!;
    const propose = await render(`/schemes/${world.scheme.id}/propose`, Propose, proposeLoader, {
      schemeId: world.scheme.id,
    });
    expect(propose).toContain('name="title"');
    expect(propose).toMatch(/enctype="multipart\/form-data"/i);
    const p = await makeProposal(world.scheme, author, world.tree.C.id, {
      body: "**粗体** <script>x</script>",
      gridId: world.tree.G.id,
    });
    const page = await render(`/proposals/${p.id}`, ProposalPage, pageLoader, { proposalId: p.id });
    expect(page).toContain("<strong>粗体</strong>");
    expect(page).toContain("&lt;script&gt;");
    expect(page).toContain("<progress");
    const zh = await render(`/proposals/${p.id}`, ProposalPage, pageLoader, { proposalId: p.id }, "zh-CN");
    expect(zh).toContain("征集支持中");
    const edit = await render(`/proposals/${p.id}/edit`, EditProposal, editLoader, { proposalId: p.id });
    expect(edit).toContain(`value="${p.title}"`);
    const mine = await render(`/account/proposals`, MyProposals, mineLoader, {});
    expect(mine).toContain(p.title);
  });
});
