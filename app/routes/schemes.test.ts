// Route-level checks of the scheme pages: loaders and actions called as Remix would (session cookie,
// CSRF field), so the guards, parsing and redirects around the tested use-cases are exercised too.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { getScheme } from "~/modules/livelihood/scheme-queries.server";
import { getProposalForScreening } from "~/modules/livelihood/screening-queries.server";
import { makeProposal, makeScheme, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { loader as overviewLoader } from "./schemes.$schemeId._index";
import { action as editAction, loader as editLoader } from "./schemes.$schemeId.edit";
import { loader as csvLoader } from "./schemes.$schemeId.proposals[.]csv";
import { action as screeningAction, loader as screeningLoader } from "./schemes.$schemeId.screening";
import { loader as listLoader } from "./schemes._index";
import { action as newAction, loader as newLoader } from "./schemes.new";

const CSRF = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: CSRF, clientIp: "203.0.113.5" } as unknown as LoaderFunctionArgs["context"];

async function cookieFor(userId: string | null): Promise<Record<string, string>> {
  if (!userId) return {};
  const { token } = await openSession(userId);
  return { Cookie: `${sessionCookieName()}=${token}` };
}

async function get(url: string, userId: string | null = null) {
  return new Request(`http://localhost${url}`, { headers: await cookieFor(userId) });
}

async function post(url: string, userId: string, fields: [string, string][]) {
  const body = new URLSearchParams([["csrf", CSRF], ...fields]);
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { ...(await cookieFor(userId)), "Content-Type": "application/x-www-form-urlencoded" },
  });
}

async function status(p: Promise<unknown> | unknown) {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function unwrap(result: unknown) {
  const r = result as { init?: { status?: number }; data: { result: { error?: Record<string, string[]> } } };
  return { status: r.init?.status ?? 200, error: r.data.result.error ?? {} };
}

let w: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeAll(async () => {
  w = await makeSchemeWorld({ phase: "collecting" });
});

describe("/schemes", () => {
  test("public without login; the new-scheme button and drafts only for managers", async () => {
    const draft = await makeScheme(w.tree.S.id, { phase: "draft", title: "草稿项目" });
    const anon = await listLoader({ request: await get("/schemes?q=甲街道"), params: {}, context });
    expect(anon.canCreate).toBe(false);
    expect(anon.schemes.map((s) => s.id)).toContain(w.scheme.id);
    expect(anon.schemes.map((s) => s.id)).not.toContain(draft.id);
    expect(anon.drafts).toEqual([]);
    const official = await listLoader({ request: await get("/schemes", w.official.id), params: {}, context });
    expect(official.canCreate).toBe(true);
    expect(official.drafts.map((s) => s.id)).toContain(draft.id);
    const resident = await listLoader({
      request: await get("/schemes", w.residents[0]!.id),
      params: {},
      context,
    });
    expect(resident.canCreate).toBe(false);
  });

  test("phase filter and a bad page number", async () => {
    const voting = await listLoader({
      request: await get("/schemes?phase=voting&page=-3"),
      params: {},
      context,
    });
    expect(voting.schemes.map((s) => s.id)).not.toContain(w.scheme.id);
    expect(voting.filters.page).toBe(1);
    const collecting = await listLoader({
      request: await get("/schemes?phase=collecting&sort=budget"),
      params: {},
      context,
    });
    expect(collecting.schemes.map((s) => s.id)).toContain(w.scheme.id);
  });
});

describe("/schemes/:id", () => {
  test("public overview with its proposals (never drafts); a draft scheme is 404 to the public", async () => {
    const shown = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "collecting" });
    const hidden = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "draft" });
    const data = await overviewLoader({
      request: await get(`/schemes/${w.scheme.id}`),
      params: { schemeId: w.scheme.id },
      context,
    });
    expect(data.phase).toBe("collecting");
    expect(data.manager).toBe(false);
    const ids = data.proposals.map((p) => p.id);
    expect(ids).toContain(shown.id);
    expect(ids).not.toContain(hidden.id);
    const filtered = await overviewLoader({
      request: await get(`/schemes/${w.scheme.id}?status=eligible`),
      params: { schemeId: w.scheme.id },
      context,
    });
    expect(filtered.proposals.map((p) => p.id)).not.toContain(shown.id);
    const draft = await makeScheme(w.tree.S.id, { phase: "draft" });
    expect(
      await status(
        overviewLoader({
          request: await get(`/schemes/${draft.id}`),
          params: { schemeId: draft.id },
          context,
        }),
      ),
    ).toBe(404);
    const asManager = await overviewLoader({
      request: await get(`/schemes/${draft.id}`, w.official.id),
      params: { schemeId: draft.id },
      context,
    });
    expect(asManager.manager).toBe(true);
    expect(
      await status(
        overviewLoader({ request: await get("/schemes/nope"), params: { schemeId: "nope" }, context }),
      ),
    ).toBe(404);
  });
});

describe("/schemes/new", () => {
  const form = (areaId: number, overrides: Record<string, string> = {}): [string, string][] => [
    ...Object.entries({
      areaId: String(areaId),
      title: "2027 新项目",
      budget: "100,000.50",
      supportThreshold: "10",
      supportWindowDays: "14",
      maxProposalsPerResident: "3",
      collectionOpensAt: "2099-01-01T09:00",
      collectionClosesAt: "2099-01-31T18:00",
      votingOpensAt: "2099-02-10T09:00",
      votingClosesAt: "2099-02-17T18:00",
      noticeDays: "7",
      votingMethod: "budget",
      countingRule: "greedy",
      ...overrides,
    }),
    ["categories", "elderly"],
    ["categories", "safety"],
  ];

  test("only for those who may create; a resident gets 403", async () => {
    const data = await newLoader({ request: await get("/schemes/new", w.official.id), params: {}, context });
    expect(data.areaOptions.map((a) => a.value)).toEqual([String(w.tree.S.id)]);
    expect(data.defaultValue.exclusions.split("\n")).toHaveLength(3);
    expect(
      await status(
        newLoader({ request: await get("/schemes/new", w.residents[0]!.id), params: {}, context }),
      ),
    ).toBe(403);
  });

  test("a valid form creates a draft and redirects; a bad one is 400 with field errors", async () => {
    const response = (await newAction({
      request: await post("/schemes/new", w.official.id, form(w.tree.S.id)),
      params: {},
      context,
    })) as Response;
    expect(response.status).toBe(302);
    const id = /\/schemes\/([0-9a-f-]{36})\?notice=created/.exec(response.headers.get("Location") ?? "")?.[1];
    expect(id).toBeDefined();
    const row = (await getScheme(id!))?.scheme;
    expect(row).toMatchObject({
      status: "draft",
      budgetMinor: 100_000_50,
      categories: ["elderly", "safety"],
    });
    expect(row!.collectionOpensAt.toISOString()).toBe("2099-01-01T01:00:00.000Z");

    const bad = unwrap(
      await newAction({
        request: await post(
          "/schemes/new",
          w.official.id,
          form(w.tree.S.id, { budget: "lots", votingOpensAt: "2099-01-30T09:00" }),
        ),
        params: {},
        context,
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.error.budget).toEqual(["schemes:form.errors.notAmount"]);
    // Another street's area, forged into the form: refused, nothing written.
    const forged = unwrap(
      await newAction({
        request: await post("/schemes/new", w.official.id, form(w.tree.S2.id)),
        params: {},
        context,
      }),
    );
    expect(forged.status).toBe(403);
    expect(forged.error[""]).toEqual(["schemes:errors.notYourArea"]);
  });
});

describe("/schemes/:id/edit", () => {
  test("managers only; publish then a refused budget change after publishing", async () => {
    const scheme = await makeScheme(w.tree.S.id, { phase: "draft" });
    const params = { schemeId: scheme.id };
    expect(
      await status(
        editLoader({ request: await get(`/schemes/${scheme.id}/edit`, w.residents[0]!.id), params, context }),
      ),
    ).toBe(403);
    expect(
      await status(
        editLoader({ request: await get(`/schemes/${scheme.id}/edit`, w.committee.id), params, context }),
      ),
    ).toBe(403);
    const published = (await editAction({
      request: await post(`/schemes/${scheme.id}/edit`, w.official.id, [["intent", "publish"]]),
      params,
      context,
    })) as Response;
    expect(published.headers.get("Location")).toBe(`/schemes/${scheme.id}?notice=published`);
    const data = await editLoader({
      request: await get(`/schemes/${scheme.id}/edit`, w.official.id),
      params,
      context,
    });
    expect(data.scheme.status).toBe("published");
    // The published form takes only the editable fields: a budget sent anyway is ignored, and a voting
    // close moved earlier is refused.
    const earlier = unwrap(
      await editAction({
        request: await post(`/schemes/${scheme.id}/edit`, w.official.id, [
          ["intent", "save"],
          ["title", "新标题"],
          ["budget", "1"],
          ["votingClosesAt", "2000-01-01T00:00"],
          ["noticeDays", "7"],
        ]),
        params,
        context,
      }),
    );
    expect(earlier.status).toBe(422);
    expect(earlier.error[""]).toEqual(["schemes:errors.votingCloseOnlyLater"]);
    const cancelled = (await editAction({
      request: await post(`/schemes/${scheme.id}/edit`, w.official.id, [
        ["intent", "cancel"],
        ["reason", "预算调整"],
      ]),
      params,
      context,
    })) as Response;
    expect(cancelled.headers.get("Location")).toBe(`/schemes/${scheme.id}?notice=cancelled`);
  });
});

describe("/schemes/:id/screening and proposals.csv", () => {
  test("queue for screeners, a decision redirects, the second is told it was already screened", async () => {
    const p = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, {
      status: "screening",
      title: "楼道灯",
    });
    const params = { schemeId: w.scheme.id };
    expect(
      await status(
        screeningLoader({
          request: await get(`/schemes/${w.scheme.id}/screening`, w.residents[0]!.id),
          params,
          context,
        }),
      ),
    ).toBe(403);
    const forCommittee = await screeningLoader({
      request: await get(`/schemes/${w.scheme.id}/screening`, w.committee.id),
      params,
      context,
    });
    expect(forCommittee.queue.map((q) => q.id)).toContain(p.id);
    const fields: [string, string][] = [
      ["proposalId", p.id],
      ["decision", "eligible"],
    ];
    const first = (await screeningAction({
      request: await post(`/schemes/${w.scheme.id}/screening`, w.official.id, fields),
      params,
      context,
    })) as Response;
    expect(first.status).toBe(302);
    const second = unwrap(
      await screeningAction({
        request: await post(`/schemes/${w.scheme.id}/screening`, w.committee.id, fields),
        params,
        context,
      }),
    );
    expect(second.status).toBe(409);
    expect(second.error[""]).toEqual(["schemes:screening.errors.alreadyScreened"]);
    expect((await getProposalForScreening(p.id))?.proposal.status).toBe("eligible");
  });

  test("CSV for managers: BOM, localised header, one row per public proposal", async () => {
    const scheme = await makeScheme(w.tree.S.id, { phase: "deliberating" });
    await makeProposal(scheme, w.residents[0]!, w.tree.C.id, {
      status: "ineligible",
      screeningReason: "over_cap",
      title: "=cmd",
    });
    await makeProposal(scheme, w.residents[0]!, w.tree.C.id, { status: "draft" });
    const params = { schemeId: scheme.id };
    const response = (await csvLoader({
      request: await get(`/schemes/${scheme.id}/proposals.csv`, w.official.id),
      params,
      context,
    })) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const buffer = new Uint8Array(await response.arrayBuffer());
    expect([...buffer.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(buffer.slice(3));
    const lines = text.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^编号,标题,状态/);
    expect(lines[1]).toContain("'=cmd");
    expect(lines[1]).toContain("超出费用上限");
    expect(
      await status(
        csvLoader({
          request: await get(`/schemes/${scheme.id}/proposals.csv`, w.residents[0]!.id),
          params,
          context,
        }),
      ),
    ).toBe(403);
    expect(
      await status(csvLoader({ request: await get(`/schemes/${scheme.id}/proposals.csv`), params, context })),
    ).toBe(302);
  });
});
