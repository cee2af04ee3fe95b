// Route-level checks of the voting pages: loaders and actions called as Remix would (session cookie,
// CSRF field), so guards, parsing, redirects and the receipt hand-over around the use-cases are covered.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { makeProposal, makeScheme, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { loader as receiptsLoader } from "./receipts";
import { action as councilAction, loader as councilLoader } from "./schemes.$schemeId.council";
import { action as paperAction, loader as paperLoader } from "./schemes.$schemeId.paper-ballots";
import { action as resultsAction, loader as resultsLoader } from "./schemes.$schemeId.results";
import { loader as jsonLoader } from "./schemes.$schemeId.results[.]json";
import { loader as pbLoader } from "./schemes.$schemeId.results[.]pb";
import { action as voteAction, loader as voteLoader } from "./schemes.$schemeId.vote";

const CSRF = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: CSRF, clientIp: "203.0.113.9" } as unknown as LoaderFunctionArgs["context"];

async function cookie(userId: string | null, extra = ""): Promise<Record<string, string>> {
  if (!userId) return extra ? { Cookie: extra } : {};
  const { token } = await openSession(userId);
  return { Cookie: `${sessionCookieName()}=${token}${extra ? `; ${extra}` : ""}` };
}
const get = async (url: string, userId: string | null = null, extra = "") =>
  new Request(`http://localhost${url}`, { headers: await cookie(userId, extra) });
const post = async (url: string, userId: string, fields: [string, string][]) =>
  new Request(`http://localhost${url}`, {
    method: "POST",
    body: new URLSearchParams([["csrf", CSRF], ...fields]),
    headers: { ...(await cookie(userId)), "Content-Type": "application/x-www-form-urlencoded" },
  });

async function outcome(p: Promise<unknown> | unknown) {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, response: r, data: null as unknown };
    const d = r as { init?: { status?: number } | null; data?: unknown };
    if (d && typeof d === "object" && "data" in d && "init" in d)
      return { status: d.init?.status ?? 200, response: null, data: d.data };
    return { status: 200, response: null, data: r };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, response: thrown, data: null };
    throw thrown;
  }
}

let w: Awaited<ReturnType<typeof makeSchemeWorld>>;
let p1: { id: string };
let p2: { id: string };

beforeAll(async () => {
  w = await makeSchemeWorld({ phase: "voting" });
  p1 = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "eligible", title: "扶手" });
  p2 = await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "eligible", title: "长椅" });
});

const params = (schemeId: string) => ({ schemeId });

describe("vote page", () => {
  test("states: anonymous, outsider, resident; forged ids are 404", async () => {
    const url = `/schemes/${w.scheme.id}/vote`;
    const anon = await outcome(voteLoader({ request: await get(url), params: params(w.scheme.id), context }));
    expect((anon.data as { state: string }).state).toBe("anonymous");
    const out = await outcome(
      voteLoader({ request: await get(url, w.outsider.id), params: params(w.scheme.id), context }),
    );
    expect((out.data as { state: string }).state).toBe("notResident");
    const res = await outcome(
      voteLoader({ request: await get(url, w.residents[1]!.id), params: params(w.scheme.id), context }),
    );
    expect((res.data as { state: string; proposals: unknown[] }).state).toBe("open");
    expect((res.data as { proposals: unknown[] }).proposals).toHaveLength(2);
    for (const id of ["nope", crypto.randomUUID()])
      expect(
        (
          await outcome(
            voteLoader({ request: await get(`/schemes/${id}/vote`), params: params(id), context }),
          )
        ).status,
      ).toBe(404);
  });

  test("check total stores nothing; cast redirects with the receipt once; the receipt checks", async () => {
    const voter = w.residents[2]!;
    const url = `/schemes/${w.scheme.id}/vote`;
    const check = await outcome(
      voteAction({
        request: await post(url, voter.id, [
          ["intent", "check"],
          ["proposalIds", p1.id],
          ["proposalIds", p2.id],
        ]),
        params: params(w.scheme.id),
        context,
      }),
    );
    expect(check.status).toBe(200);
    expect((check.data as { checked: { total: number } }).checked.total).toBe(20_000_00);
    const before = await outcome(
      voteLoader({ request: await get(url, voter.id), params: params(w.scheme.id), context }),
    );
    expect((before.data as { voted: boolean }).voted).toBe(false);

    const empty = await outcome(
      voteAction({
        request: await post(url, voter.id, [["intent", "cast"]]),
        params: params(w.scheme.id),
        context,
      }),
    );
    expect(empty.status).toBe(422);

    const cast = await outcome(
      voteAction({
        request: await post(url, voter.id, [
          ["intent", "cast"],
          ["proposalIds", p2.id],
        ]),
        params: params(w.scheme.id),
        context,
      }),
    );
    expect(cast.status).toBe(302);
    expect(cast.response!.headers.get("Location")).toBe(`/schemes/${w.scheme.id}/vote?cast=1`);
    const flash = cast.response!.headers.get("Set-Cookie")!.split(";")[0]!;
    const confirm = await outcome(
      voteLoader({
        request: await get(`${url}?cast=1`, voter.id, flash),
        params: params(w.scheme.id),
        context,
      }),
    );
    const shown = confirm.data as { receipt: string; justCast: boolean; current: { proposalIds: string[] } };
    expect(shown.justCast).toBe(true);
    expect(shown.receipt).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(shown.current.proposalIds).toEqual([p2.id]);
    // Another voter's flash cookie for another scheme is ignored.
    const wrong = await outcome(
      voteLoader({
        request: await get(`${url}?cast=1`, voter.id, `kapok_receipt=${crypto.randomUUID()}:ABCDEFGHJK`),
        params: params(w.scheme.id),
        context,
      }),
    );
    expect((wrong.data as { receipt: string | null }).receipt).toBeNull();

    const receipt = await outcome(
      receiptsLoader({
        request: await get(`/receipts?code=${shown.receipt.toLowerCase()}`),
        params: {},
        context,
      }),
    );
    const found = (receipt.data as { outcome: { found: boolean; chosen: Array<{ title: string }> } }).outcome;
    expect(found.found).toBe(true);
    expect(found.chosen.map((c) => c.title)).toEqual(["长椅"]);
    const missing = await outcome(
      receiptsLoader({ request: await get(`/receipts?code=00000-00000`), params: {}, context }),
    );
    expect((missing.data as { outcome: { found: boolean } }).outcome.found).toBe(false);
  });

  test("results are hidden before the close; .json and .pb are 404", async () => {
    const id = w.scheme.id;
    const page = await outcome(
      resultsLoader({ request: await get(`/schemes/${id}/results`), params: params(id), context }),
    );
    expect((page.data as { result: unknown }).result).toBeNull();
    expect(
      (
        await outcome(
          jsonLoader({ request: await get(`/schemes/${id}/results.json`), params: params(id), context }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await outcome(
          pbLoader({ request: await get(`/schemes/${id}/results.pb`), params: params(id), context }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("managers' pages", () => {
  test("paper ballots: managers only; a sheet once", async () => {
    const id = w.scheme.id;
    const url = `/schemes/${id}/paper-ballots`;
    expect(
      (
        await outcome(
          paperLoader({ request: await get(url, w.residents[0]!.id), params: params(id), context }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await outcome(paperLoader({ request: await get(url, w.official.id), params: params(id), context })))
        .status,
    ).toBe(200);
    const first = await outcome(
      paperAction({
        request: await post(url, w.official.id, [
          ["sheet", "B-7"],
          ["proposalIds", p1.id],
        ]),
        params: params(id),
        context,
      }),
    );
    expect(first.status).toBe(302);
    const again = await outcome(
      paperAction({
        request: await post(url, w.official.id, [
          ["sheet", "B-7"],
          ["proposalIds", p1.id],
        ]),
        params: params(id),
        context,
      }),
    );
    expect(again.status).toBe(409);
    const bad = await outcome(
      paperAction({
        request: await post(url, w.official.id, [
          ["sheet", "a b"],
          ["proposalIds", p1.id],
        ]),
        params: params(id),
        context,
      }),
    );
    expect(bad.status).toBe(400);
  });

  test("council: 404 for a budget scheme; records for a council scheme", async () => {
    expect(
      (
        await outcome(
          councilLoader({
            request: await get(`/schemes/${w.scheme.id}/council`, w.official.id),
            params: params(w.scheme.id),
            context,
          }),
        )
      ).status,
    ).toBe(404);
    const council = await makeScheme(w.tree.S.id, {
      phase: "voting",
      votingMethod: "council",
      councilSize: 9,
    });
    const m = await makeProposal(council, w.residents[0]!, w.tree.C.id, { status: "eligible" });
    const url = `/schemes/${council.id}/council`;
    const fields = (present: string): [string, string][] => [
      ["proposalId", m.id],
      ["members", "9"],
      ["present", present],
      ["yes", "5"],
      ["no", "1"],
      ["abstain", "1"],
    ];
    expect(
      (
        await outcome(
          councilAction({
            request: await post(url, w.residents[0]!.id, fields("7")),
            params: params(council.id),
            context,
          }),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await outcome(
          councilAction({
            request: await post(url, w.official.id, fields("10")),
            params: params(council.id),
            context,
          }),
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await outcome(
          councilAction({
            request: await post(url, w.official.id, fields("7")),
            params: params(council.id),
            context,
          }),
        )
      ).status,
    ).toBe(302);
  });

  test("after the close: results, .json and .pb; publish once", async () => {
    const closed = await makeScheme(w.tree.S.id, { phase: "counting", countingRule: "equal-shares" });
    const q = await makeProposal(closed, w.residents[0]!, w.tree.C.id, { status: "eligible", title: "路灯" });
    const id = closed.id;
    const page = await outcome(
      resultsLoader({
        request: await get(`/schemes/${id}/results`, w.official.id),
        params: params(id),
        context,
      }),
    );
    const data = page.data as { result: { rows: Array<{ proposalId: string }> }; canPublish: boolean };
    expect(data.result.rows.map((r) => r.proposalId)).toEqual([q.id]);
    expect(data.canPublish).toBe(true);
    const json = await outcome(
      jsonLoader({ request: await get(`/schemes/${id}/results.json`), params: params(id), context }),
    );
    expect(await json.response!.json()).toMatchObject({ rule: "equal-shares", ballots: { total: 0 } });
    const pb = await outcome(
      pbLoader({ request: await get(`/schemes/${id}/results.pb`), params: params(id), context }),
    );
    const text = await pb.response!.text();
    expect(text).toContain("vote_type;approval");
    expect(text).not.toContain(q.id);
    const publish = () => post(`/schemes/${id}/results`, w.official.id, [["intent", "publish"]]);
    expect(
      (await outcome(resultsAction({ request: await publish(), params: params(id), context }))).status,
    ).toBe(302);
    expect(
      (await outcome(resultsAction({ request: await publish(), params: params(id), context }))).status,
    ).toBe(409);
    expect(
      (
        await outcome(
          resultsAction({
            request: await post(`/schemes/${id}/results`, w.residents[0]!.id, [["intent", "publish"]]),
            params: params(id),
            context,
          }),
        )
      ).status,
    ).toBe(403);
  });
});
