// Route-level checks of the vote page: loader and action called as Remix would (session cookie, CSRF
// field), for a plain form post (no JavaScript: redirect to the receipt) and a script-sent one (the
// receipt in the answer, and no loader asked to run again).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "~/lib/db.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { countBallots, findRollEntry } from "~/modules/livelihood/ballot-queries.server";
import { checkReceipt } from "~/modules/livelihood/check-receipt.server";
import {
  makeProposal,
  makeResident,
  makeScheme,
  makeSchemeWorld,
} from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { shouldRevalidate as rootShouldRevalidate } from "../root";
import { action, loader, shouldRevalidate } from "./schemes.$schemeId.vote";

const CSRF = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: CSRF, clientIp: "203.0.113.5" } as unknown as LoaderFunctionArgs["context"];

type World = Awaited<ReturnType<typeof makeSchemeWorld>>;
let w: World;
let p1: { id: string };
let p2: { id: string };
let p3: { id: string };

async function cookieFor(userId: string | null, extra = ""): Promise<Record<string, string>> {
  if (!userId) return extra ? { Cookie: extra } : {};
  const { token } = await openSession(userId);
  return { Cookie: [`${sessionCookieName()}=${token}`, extra].filter(Boolean).join("; ") };
}

async function load(schemeId: string, userId: string | null, { search = "", cookie = "" } = {}) {
  const request = new Request(`http://localhost/schemes/${schemeId}/vote${search}`, {
    headers: await cookieFor(userId, cookie),
  });
  const result = (await loader({ request, params: { schemeId }, context })) as unknown as {
    data: Awaited<ReturnType<typeof loader>>["data"];
    init: { headers: Headers } | null;
  };
  return result;
}

async function act(schemeId: string, userId: string, fields: [string, string][]) {
  const body = new URLSearchParams([["csrf", CSRF], ...fields]);
  const request = new Request(`http://localhost/schemes/${schemeId}/vote`, {
    method: "POST",
    body,
    headers: { ...(await cookieFor(userId)), "Content-Type": "application/x-www-form-urlencoded" },
  });
  return action({ request, params: { schemeId }, context } as ActionFunctionArgs);
}

async function status(p: Promise<unknown>) {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

type Answer = {
  data: {
    result?: { error?: Record<string, string[] | null> };
    cast?: { receipt: string; choices: { proposalIds: string[]; answers: Record<string, string> } };
    checked?: { total: number | null };
    loadersUnchanged?: boolean;
  };
  init: { status?: number } | null;
};

const revalidateArgs = (actionResult: unknown, intent = "cast") => {
  const formData = new FormData();
  formData.set("intent", intent);
  return {
    actionResult,
    formData,
    formMethod: "POST",
    defaultShouldRevalidate: true,
  } as unknown as ShouldRevalidateFunctionArgs;
};

beforeAll(async () => {
  // Budget ¥100,000; proposals ¥40,000, ¥50,000, ¥30,000.
  w = await makeSchemeWorld({ phase: "voting" });
  const author = w.residents[0]!;
  p1 = await makeProposal(w.scheme, author, w.tree.C.id, {
    status: "eligible",
    estimatedCostMinor: 40_000_00,
  });
  p2 = await makeProposal(w.scheme, author, w.tree.C.id, {
    status: "eligible",
    estimatedCostMinor: 50_000_00,
  });
  p3 = await makeProposal(w.scheme, author, w.tree.C.id, {
    status: "eligible",
    estimatedCostMinor: 30_000_00,
  });
  await makeProposal(w.scheme, author, w.tree.C.id, { status: "ineligible" });
});

describe("/schemes/:id/vote", () => {
  test("the page: eligible proposals only, the state for a visitor, a resident and an outsider; 404s", async () => {
    const anon = await load(w.scheme.id, null);
    expect(anon.data.state).toBe("anonymous");
    expect(anon.data.proposals.map((p) => p.id)).toEqual([p1.id, p2.id, p3.id]);
    expect(anon.data.proposals.map((p) => p.number)).toEqual([1, 2, 3]);
    const resident = await load(w.scheme.id, w.residents[1]!.id);
    expect(resident.data.state).toBe("open");
    expect(resident.data.voted).toBe(false);
    expect((await load(w.scheme.id, w.outsider.id)).data.state).toBe("notResident");
    const draft = await makeScheme(w.tree.S.id, { phase: "draft" });
    expect(await status(load(draft.id, w.residents[1]!.id))).toBe(404);
    expect(await status(load(crypto.randomUUID(), null))).toBe(404);
    expect(await status(load("not-a-uuid", null))).toBe(404);
  });

  test("without JavaScript: a cast redirects to the confirmation, which shows the receipt once", async () => {
    const voter = await makeResident(w.tree.C.id, "无脚本投票人", w.tree.G.id);
    const response = (await act(w.scheme.id, voter.id, [
      ["intent", "cast"],
      ["proposalIds", p3.id],
      ["proposalIds", p1.id],
    ])) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/schemes/${w.scheme.id}/vote?cast=1`);
    const flash = /kapok_receipt=([^;]+)/.exec(response.headers.get("Set-Cookie") ?? "")?.[1];
    expect(flash).toBeTruthy();
    const page = await load(w.scheme.id, voter.id, {
      search: "?cast=1",
      cookie: `kapok_receipt=${flash}`,
    });
    expect(page.data.justCast).toBe(true);
    expect(page.data.voted).toBe(true);
    expect(page.data.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    // Stored in ballot order.
    expect(page.data.current).toEqual({ proposalIds: [p1.id, p3.id], answers: {} });
    expect((await checkReceipt({ code: page.data.receipt!, ip: null })).found).toBe(true);
    // The flash cookie is cleared.
    expect(page.init?.headers.get("Set-Cookie")).toMatch(/kapok_receipt=;.*Max-Age=0/);
  });

  test("with JavaScript: the receipt comes back in the answer and no loader runs again", async () => {
    const voter = await makeResident(w.tree.C.id, "脚本投票人", w.tree.G.id);
    const countEvents = async () => {
      const result = (await db.execute(
        sql`select count(*)::int as n from participation_events where kind = 'ballot.cast' and subject_id = ${w.scheme.id}`,
      )) as unknown as Array<{ n: number }> | { rows: Array<{ n: number }> };
      return (Array.isArray(result) ? result : result.rows)[0]!.n;
    };
    const before = await countEvents();
    const ballotsBefore = (await countBallots(w.scheme.id)).online;
    const answer = (await act(w.scheme.id, voter.id, [
      ["intent", "cast"],
      ["enhanced", "1"],
      ["proposalIds", p2.id],
    ])) as unknown as Answer;
    expect(answer).not.toBeInstanceOf(Response);
    expect(answer.init?.status ?? 200).toBe(200);
    expect(answer.data.cast?.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(answer.data.cast?.choices).toEqual({ proposalIds: [p2.id], answers: {} });
    expect(answer.data.result?.error ?? {}).toEqual({});
    // The same transaction as ever: on the roll, in the box, one participation event.
    expect(await findRollEntry(w.scheme.id, voter.id)).not.toBeNull();
    expect((await countBallots(w.scheme.id)).online - ballotsBefore).toBe(1);
    expect((await countEvents()) - before).toBe(1);
    const check = await checkReceipt({ code: answer.data.cast!.receipt, ip: null });
    expect(check.found).toBe(true);
    // Neither the vote page nor the root asks for its loader again.
    expect(shouldRevalidate(revalidateArgs(answer.data))).toBe(false);
    expect(rootShouldRevalidate(revalidateArgs(answer.data))).toBe(false);
    // After the page is loaded again, the person has voted and sees their choices.
    const page = await load(w.scheme.id, voter.id);
    expect(page.data.voted).toBe(true);
    expect(page.data.justCast).toBe(false);
    expect(page.data.current).toEqual({ proposalIds: [p2.id], answers: {} });
  });

  test("check total stores nothing; a refusal is a form error and lets the loaders run", async () => {
    const voter = await makeResident(w.tree.C.id, "核对人");
    const checked = (await act(w.scheme.id, voter.id, [
      ["intent", "check"],
      ["proposalIds", p1.id],
      ["proposalIds", p2.id],
    ])) as unknown as Answer;
    expect(checked.data.checked?.total).toBe(90_000_00);
    expect(shouldRevalidate(revalidateArgs(checked.data, "check"))).toBe(false);
    expect(rootShouldRevalidate(revalidateArgs(checked.data, "check"))).toBe(false);
    expect((await load(w.scheme.id, voter.id)).data.voted).toBe(false);

    const over = (await act(w.scheme.id, voter.id, [
      ["intent", "cast"],
      ["enhanced", "1"],
      ["proposalIds", p1.id],
      ["proposalIds", p2.id],
      ["proposalIds", p3.id],
    ])) as unknown as Answer;
    expect(over.init?.status).toBe(422);
    expect(over.data.cast).toBeUndefined();
    expect(JSON.stringify(over.data.result?.error)).toContain("voting:errors.overBudget");
    expect(shouldRevalidate(revalidateArgs(over.data))).toBe(true);
    expect(rootShouldRevalidate(revalidateArgs(over.data))).toBe(true);
    expect((await load(w.scheme.id, voter.id)).data.voted).toBe(false);
  });

  test("refused: an outsider (403 as a form error), a missing CSRF field, a draft scheme, a visitor", async () => {
    const outsider = (await act(w.scheme.id, w.outsider.id, [
      ["intent", "cast"],
      ["proposalIds", p1.id],
    ])) as unknown as Answer;
    expect(outsider.init?.status).toBe(403);
    const noCsrf = new Request(`http://localhost/schemes/${w.scheme.id}/vote`, {
      method: "POST",
      body: new URLSearchParams([
        ["intent", "cast"],
        ["proposalIds", p1.id],
      ]),
      headers: {
        ...(await cookieFor(w.residents[1]!.id)),
        "Content-Type": "application/x-www-form-urlencoded",
      },
    });
    expect(
      await status(
        action({ request: noCsrf, params: { schemeId: w.scheme.id }, context } as ActionFunctionArgs),
      ),
    ).toBe(403);
    const draft = await makeScheme(w.tree.S.id, { phase: "draft" });
    expect(
      await status(
        act(draft.id, w.residents[1]!.id, [
          ["intent", "cast"],
          ["proposalIds", p1.id],
        ]),
      ),
    ).toBe(404);
    const anonymous = new Request(`http://localhost/schemes/${w.scheme.id}/vote`, {
      method: "POST",
      body: new URLSearchParams([
        ["csrf", CSRF],
        ["intent", "cast"],
        ["proposalIds", p1.id],
      ]),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const sent = await action({
      request: anonymous,
      params: { schemeId: w.scheme.id },
      context,
    } as ActionFunctionArgs).catch((thrown: unknown) => thrown);
    expect(sent).toBeInstanceOf(Response);
    expect((sent as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});
