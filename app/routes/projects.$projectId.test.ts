// Route-level checks of the public notice, project page and CSV: loaders and actions called as Remix
// would (session cookie, CSRF field), so the wiring around the tested use-cases is exercised too.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, test } from "vitest";
import { db } from "~/lib/db.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { follow } from "~/modules/notifications/follow.server";
import { listNotifications } from "~/modules/notifications/notification-queries.server";
import { makeProposal, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { loader as csvLoader } from "./projects[.]csv";
import { action as projectAction, loader as projectLoader } from "./projects.$projectId";
import { loader as listLoader } from "./projects._index";
import { action as noticeAction, loader as noticeLoader } from "./schemes.$schemeId.notice";

const DAY = 86_400_000;
const CSRF = "test-csrf-token-0123456789abcdef";

async function cookieFor(userId: string | null): Promise<Record<string, string>> {
  if (!userId) return {};
  const { token } = await openSession(userId);
  return { Cookie: `${sessionCookieName()}=${token}` };
}

async function get(url: string, userId: string | null = null) {
  return new Request(`http://localhost${url}`, { headers: await cookieFor(userId) });
}

async function post(url: string, userId: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: CSRF, ...fields });
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { ...(await cookieFor(userId)), "Content-Type": "application/x-www-form-urlencoded" },
  });
}

const context = { csrfToken: CSRF, clientIp: "203.0.113.5" } as unknown as LoaderFunctionArgs["context"];

async function status(p: Promise<unknown> | unknown) {
  try {
    const r = await p;
    return r instanceof Response ? r.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** Remix's data() wrapper: { type: "DataWithResponseInit", data, init }. */
function unwrap(result: unknown): { status: number; data: { result: { error?: Record<string, string[]> } } } {
  const r = result as { init?: { status?: number }; data: { result: { error?: Record<string, string[]> } } };
  return { status: r.init?.status ?? 200, data: r.data };
}

let w: Awaited<ReturnType<typeof makeSchemeWorld>>;

beforeEach(async () => {
  w = await makeSchemeWorld({
    phase: "counting",
    resultsPublishedAt: new Date(Date.now() - 2 * DAY),
    noticeEndsAt: new Date(Date.now() + 5 * DAY),
  });
  await makeProposal(w.scheme, w.residents[0]!, w.tree.C.id, { status: "selected", title: "加装扶手" });
});

describe("/schemes/:id/notice", () => {
  test("public page: selected projects, no objector names; unknown scheme 404", async () => {
    const data = await noticeLoader({
      request: await get(`/schemes/${w.scheme.id}/notice`),
      params: { schemeId: w.scheme.id },
      context,
    });
    expect(data.selected.map((s) => s.title)).toEqual(["加装扶手"]);
    expect(data.open).toBe(true);
    expect(data.isManager).toBe(false);
    expect(
      await status(
        noticeLoader({ request: await get("/schemes/x/notice"), params: { schemeId: "x" }, context }),
      ),
    ).toBe(404);
    const voting = await makeSchemeWorld({ phase: "voting" });
    expect(
      await status(
        noticeLoader({ request: await get("/"), params: { schemeId: voting.scheme.id }, context }),
      ),
    ).toBe(404);
  });

  test("object → answer (objector notified) → refused confirm while open", async () => {
    const url = `/schemes/${w.scheme.id}/notice`;
    const resident = w.residents[1]!;
    const objected = (await noticeAction({
      request: await post(url, resident.id, { intent: "object", reason: "位置不合适" }),
      params: { schemeId: w.scheme.id },
      context,
    } as ActionFunctionArgs)) as Response;
    expect(objected.status).toBe(302);
    expect(objected.headers.get("Location")).toBe(`${url}?notice=objected`);
    const page = await noticeLoader({
      request: await get(url, w.official.id),
      params: { schemeId: w.scheme.id },
      context,
    });
    expect(page.isManager).toBe(true);
    expect(page.objections).toHaveLength(1);
    expect(JSON.stringify(page.objections)).not.toContain(resident.displayName);
    const answered = (await noticeAction({
      request: await post(url, w.official.id, {
        intent: "answer",
        objectionId: page.objections[0]!.id,
        answer: "dismissed",
        answerText: "已现场核实",
      }),
      params: { schemeId: w.scheme.id },
      context,
    } as ActionFunctionArgs)) as Response;
    expect(answered.status).toBe(302);
    const notes = (await listNotifications(resident.id)).items;
    expect(notes.map((n) => n.kind)).toEqual(["projects:notifications.objectionAnswered"]);
    const refused = unwrap(
      await noticeAction({
        request: await post(url, w.official.id, { intent: "confirm" }),
        params: { schemeId: w.scheme.id },
        context,
      } as ActionFunctionArgs),
    );
    expect(refused.status).toBe(409);
    expect(refused.data.result.error?.[""]?.[0]).toMatch(/^projects:errors\.noticeStillOpen/);
    const blank = unwrap(
      await noticeAction({
        request: await post(url, resident.id, { intent: "object", reason: " " }),
        params: { schemeId: w.scheme.id },
        context,
      } as ActionFunctionArgs),
    );
    expect(blank.status).toBe(400);
  });

  test("a forged CSRF field is refused before anything else", async () => {
    const request = await post(`/schemes/${w.scheme.id}/notice`, w.residents[0]!.id, {
      intent: "object",
      reason: "x",
    });
    const forged = {
      ...context,
      csrfToken: "another-token-0123456789abcdef00",
    } as unknown as ActionFunctionArgs["context"];
    expect(
      await status(
        noticeAction({ request, params: { schemeId: w.scheme.id }, context: forged } as ActionFunctionArgs),
      ),
    ).toBe(403);
  });
});

describe("/projects, /projects/:id, /projects.csv", () => {
  /** The notice has ended: the official confirms through the page, and the proposal's follower is told. */
  async function confirmedProject() {
    const ended = await makeSchemeWorld({
      phase: "counting",
      resultsPublishedAt: new Date(Date.now() - 9 * DAY),
      noticeEndsAt: new Date(Date.now() - 1000),
    });
    w = ended;
    const p = await makeProposal(ended.scheme, ended.residents[0]!, ended.tree.C.id, {
      status: "selected",
      title: "加装扶手",
    });
    await follow(db, ended.residents[2]!.id, "proposal", p.id);
    const url = `/schemes/${ended.scheme.id}/notice`;
    const res = (await noticeAction({
      request: await post(url, ended.official.id, { intent: "confirm" }),
      params: { schemeId: ended.scheme.id },
      context,
    } as ActionFunctionArgs)) as Response;
    expect(res.status).toBe(302);
    const page = await noticeLoader({
      request: await get(url),
      params: { schemeId: ended.scheme.id },
      context,
    });
    const id = page.selected[0]!.projectId!;
    expect(id).toBeTruthy();
    const told = (await listNotifications(ended.residents[2]!.id)).items;
    expect(told.map((n) => [n.kind, n.href])).toEqual([
      ["projects:notifications.confirmed", `/projects/${id}`],
    ]);
    return id;
  }

  test("committee posts an update: followers notified; other users see no manager forms; 404 forged", async () => {
    const id = await confirmedProject();
    const anon = await projectLoader({
      request: await get(`/projects/${id}`),
      params: { projectId: id },
      context,
    });
    expect(anon.project.title).toBe("加装扶手");
    expect(anon.isManager).toBe(false);
    const committee = await projectLoader({
      request: await get(`/projects/${id}`, w.committee.id),
      params: { projectId: id },
      context,
    });
    expect(committee.isManager).toBe(true);
    const res = (await projectAction({
      request: await post(`/projects/${id}`, w.committee.id, {
        intent: "update",
        body: "材料已采购",
        progressPercent: "40",
        track: "on_track",
      }),
      params: { projectId: id },
      context,
    } as ActionFunctionArgs)) as Response;
    expect(res.status).toBe(302);
    const notes = (await listNotifications(w.residents[2]!.id)).items;
    expect(notes.map((n) => n.kind)).toEqual([
      "projects:notifications.updated",
      "projects:notifications.confirmed",
    ]);
    const refused = unwrap(
      await projectAction({
        request: await post(`/projects/${id}`, w.residents[0]!.id, {
          intent: "update",
          body: "x",
          progressPercent: "50",
          track: "on_track",
        }),
        params: { projectId: id },
        context,
      } as ActionFunctionArgs),
    );
    expect(refused.status).toBe(403);
    expect(
      await status(
        projectLoader({
          request: await get("/projects/x"),
          params: { projectId: "00000000-0000-4000-8000-000000000000" },
          context,
        }),
      ),
    ).toBe(404);
  });

  test("list is public; CSV for officials only, with a BOM", async () => {
    const id = await confirmedProject();
    const list = await listLoader({
      request: await get(`/projects?scheme=${w.scheme.id}`),
      params: {},
      context,
    });
    expect(list.rows.map((r) => r.id)).toEqual([id]);
    expect(list.csv).toBeNull();
    const official = await listLoader({
      request: await get(`/projects?scheme=${w.scheme.id}`, w.official.id),
      params: {},
      context,
    });
    expect(official.csv).toBe(`scheme=${w.scheme.id}`);
    expect(
      await status(
        csvLoader({ request: await get("/projects.csv", w.residents[0]!.id), params: {}, context }),
      ),
    ).toBe(403);
    const csv = (await csvLoader({
      request: await get(`/projects.csv?scheme=${w.scheme.id}`, w.official.id),
      params: {},
      context,
    })) as Response;
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")).toHaveLength(3);
    expect(text).toContain("加装扶手");
  });
});
