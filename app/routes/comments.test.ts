// The deliberation routes driven like a browser without JavaScript: a session cookie, the CSRF field,
// a posted form, and the redirect or refusal that comes back.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { loadCommentThread } from "~/modules/deliberation/comment-queries.server";
import { isFollowing } from "~/modules/notifications/follow.server";
import { countUnread } from "~/modules/notifications/notification-queries.server";
import { makeProposal, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { action as reportAction, loader as reportLoader } from "./comments.$commentId.report";
import { action as postAction } from "./comments";
import { action as followAction } from "./follows";
import { action as moderationAction, loader as moderationLoader } from "./moderation";
import { action as notificationsAction, loader as notificationsLoader } from "./notifications";

const csrf = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: csrf, clientIp: "203.0.113.5", nonce: "n" } as unknown as AppLoadContext;

let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
let proposal: Awaited<ReturnType<typeof makeProposal>>;
const cookies = new Map<string, string>();

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "collecting" });
  proposal = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
  for (const person of [...world.residents, world.outsider, world.committee]) {
    const { token } = await openSession(person.id);
    cookies.set(person.id, `kapok_session=${token}`);
  }
});

function post(path: string, who: { id: string } | null, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf, ...fields });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (who) headers.Cookie = cookies.get(who.id)!;
  return new Request(`http://localhost${path}`, { method: "POST", body, headers });
}

function get(path: string, who: { id: string } | null) {
  return new Request(`http://localhost${path}`, who ? { headers: { Cookie: cookies.get(who.id)! } } : {});
}

/** Runs a loader or action; a thrown Response (redirect, 404, 403) is returned like a returned one. */
async function run<T>(fn: (args: T) => unknown, args: T): Promise<unknown> {
  try {
    return await fn(args);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The proposal's comments (top level and replies) as the given person sees them. */
async function thread(viewer: { id: string } | null = null) {
  const data = await loadCommentThread({ subjectType: "proposal", subjectId: proposal.id }, viewer, "zh-CN");
  return data.comments.flatMap((c) => [c, ...c.replies]);
}

const location = (r: unknown) => (r as Response).headers.get("Location");

const postComment = (who: { id: string } | null, fields: Record<string, string>) =>
  run(postAction, {
    request: post("/comments", who, {
      subjectType: "proposal",
      subjectId: proposal.id,
      returnTo: `/proposals/${proposal.id}`,
      ...fields,
    }),
    context,
    params: {},
  } as ActionFunctionArgs);

describe("POST /comments", () => {
  test("a resident's comment lands and the page comes back at it", async () => {
    const response = await postComment(world.residents[1]!, { body: "支持加装扶手", stance: "support" });
    const row = (await thread(world.residents[1]!)).find((c) => c.mine);
    expect((response as Response).status).toBe(302);
    expect(location(response)).toBe(`/proposals/${proposal.id}#comment-${row!.id}`);
    expect(row).toMatchObject({ stance: "support", body: "支持加装扶手" });
  });

  test("without JavaScript a bad post goes back with ?commentError and writes nothing", async () => {
    const before = (await thread()).length;
    expect(location(await postComment(world.residents[2]!, { body: "   ", stance: "support" }))).toBe(
      `/proposals/${proposal.id}?commentError=required#comment-form`,
    );
    expect(location(await postComment(world.residents[2]!, { body: "x".repeat(2001) }))).toBe(
      `/proposals/${proposal.id}?commentError=tooLong#comment-form`,
    );
    expect(location(await postComment(world.outsider, { body: "我也想说" }))).toBe(
      `/proposals/${proposal.id}?commentError=notResidentHere#comment-form`,
    );
    expect(
      location(await postComment(world.residents[2]!, { body: "hi", subjectId: crypto.randomUUID() })),
    ).toBe(`/proposals/${proposal.id}?commentError=subjectNotFound#comment-form`);
    expect((await thread()).length).toBe(before);
  });

  test("returnTo is only ever a same-site path; an old error is cleared", async () => {
    const evil = await postComment(world.residents[2]!, { body: "好", returnTo: "//evil.example/x" });
    expect(location(evil)).toMatch(/^\/#comment-/);
    const again = await postComment(world.residents[2]!, {
      body: "再说一句",
      returnTo: `/proposals/${proposal.id}?commentError=required&tab=2`,
    });
    expect(location(again)).toMatch(new RegExp(`^/proposals/${proposal.id}\\?tab=2#comment-`));
  });

  test("anonymous visitors are sent to log in, then back to the page (not to /comments)", async () => {
    expect(location(await postComment(null, { body: "匿名" }))).toBe(
      `/login?${new URLSearchParams({ redirectTo: `/proposals/${proposal.id}` })}`,
    );
  });

  test("a forged CSRF field is a 403", async () => {
    const request = new Request("http://localhost/comments", {
      method: "POST",
      body: new URLSearchParams({
        csrf: "wrong",
        subjectType: "proposal",
        subjectId: proposal.id,
        body: "x",
      }),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookies.get(world.residents[1]!.id)!,
      },
    });
    const response = await run(postAction, { request, context, params: {} } as ActionFunctionArgs);
    expect((response as Response).status).toBe(403);
  });
});

describe("report, moderation, follows and notifications pages", () => {
  test("report: form, thanks, then refused twice; own comment cannot be reported", async () => {
    const target = (await thread(world.residents[1]!)).find((c) => c.mine);
    const params = { commentId: target!.id };
    const reporter = world.residents[0]!;
    const page = (await run(reportLoader, {
      request: get(`/comments/${target!.id}/report?returnTo=/proposals/${proposal.id}`, reporter),
      context,
      params,
    } as LoaderFunctionArgs)) as { state: string; backHref: string };
    expect(page.state).toBe("open");
    expect(page.backHref).toBe(`/proposals/${proposal.id}#comment-${target!.id}`);

    const sent = await run(reportAction, {
      request: post(`/comments/${target!.id}/report`, reporter, {
        reason: "广告",
        returnTo: `/proposals/${proposal.id}`,
      }),
      context,
      params,
    } as ActionFunctionArgs);
    expect(location(sent)).toBe(
      `/comments/${target!.id}/report?${new URLSearchParams({ notice: "reported", returnTo: `/proposals/${proposal.id}` })}`,
    );
    const twice = (await run(reportAction, {
      request: post(`/comments/${target!.id}/report`, reporter, { reason: "再次" }),
      context,
      params,
    } as ActionFunctionArgs)) as { init: { status: number } };
    expect(twice.init.status).toBe(409);
    const own = (await run(reportLoader, {
      request: get(`/comments/${target!.id}/report`, world.residents[1]!),
      context,
      params,
    } as LoaderFunctionArgs)) as { state: string };
    expect(own.state).toBe("own");
    const forged = await run(reportLoader, {
      request: get(`/comments/x/report`, reporter),
      context,
      params: { commentId: "not-a-uuid" },
    } as LoaderFunctionArgs);
    expect((forged as Response).status).toBe(404);
  });

  test("moderation is the committee's page; a resident gets 403", async () => {
    const refused = await run(moderationLoader, {
      request: get("/moderation", world.residents[0]!),
      context,
      params: {},
    });
    expect((refused as Response).status).toBe(403);
    const queue = (await run(moderationLoader, {
      request: get("/moderation", world.committee),
      context,
      params: {},
    } as LoaderFunctionArgs)) as { waiting: Array<{ reportCount: number }> };
    expect(queue.waiting.length).toBeGreaterThan(0);

    const target = (await thread(world.residents[1]!)).find((c) => c.mine)!;
    const moderate = (who: { id: string }, fields: Record<string, string>) =>
      run(moderationAction, {
        request: post("/moderation", who, { commentId: target.id, ...fields }),
        context,
        params: {},
      } as ActionFunctionArgs);
    const noReason = (await moderate(world.committee, { intent: "hide", reason: " " })) as {
      init: { status: number };
    };
    expect(noReason.init.status).toBe(400);
    expect(((await moderate(world.residents[0]!, { intent: "hide", reason: "x" })) as Response).status).toBe(
      403,
    );
    expect(location(await moderate(world.committee, { intent: "hide", reason: "广告" }))).toBe(
      "/moderation?notice=hidden",
    );
    const seen = (await thread(world.residents[0]!)).find((c) => c.id === target.id);
    expect(seen).toMatchObject({ hidden: true, body: "", hiddenReason: "广告" });
    expect(location(await moderate(world.committee, { intent: "restore", reason: "申诉成立" }))).toBe(
      "/moderation?notice=restored",
    );
  });

  test("follow and unfollow through the form; a forged subject is a 404", async () => {
    const who = world.residents[2]!;
    const other = await makeProposal(world.scheme, world.residents[0]!, world.tree.C.id);
    const send = (fields: Record<string, string>) =>
      run(followAction, {
        request: post("/follows", who, {
          subjectType: "proposal",
          returnTo: `/proposals/${other.id}`,
          ...fields,
        }),
        context,
        params: {},
      } as ActionFunctionArgs);
    expect(location(await send({ intent: "follow", subjectId: other.id }))).toBe(`/proposals/${other.id}`);
    expect(await isFollowing(who.id, "proposal", other.id)).toBe(true);
    await send({ intent: "unfollow", subjectId: other.id });
    expect(await isFollowing(who.id, "proposal", other.id)).toBe(false);
    expect(((await send({ intent: "follow", subjectId: crypto.randomUUID() })) as Response).status).toBe(404);
  });

  test("notifications: listed with unread state; mark all read", async () => {
    // residents[1] commented first (and so follows the proposal): later comments notified them.
    const reader = world.residents[1]!;
    const unread = await countUnread(reader.id);
    expect(unread).toBeGreaterThan(0);
    const page = (await run(notificationsLoader, {
      request: get("/notifications", reader),
      context,
      params: {},
    } as LoaderFunctionArgs)) as { unread: number; items: Array<{ unread: boolean; href: string }> };
    expect(page.unread).toBe(unread);
    expect(page.items[0]).toMatchObject({ unread: true, href: expect.stringMatching(/^\/proposals\//) });
    const done = await run(notificationsAction, {
      request: post("/notifications", reader, { intent: "markAllRead" }),
      context,
      params: {},
    } as ActionFunctionArgs);
    expect(location(done)).toBe("/notifications?notice=allRead");
    const after = (await run(notificationsLoader, {
      request: get("/notifications", reader),
      context,
      params: {},
    } as LoaderFunctionArgs)) as { unread: number };
    expect(after.unread).toBe(0);
  });
});
