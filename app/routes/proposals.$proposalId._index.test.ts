import { rm } from "node:fs/promises";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "~/lib/db.server";
import { uploadDir } from "~/lib/env.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { getProposalWithScheme } from "~/modules/livelihood/proposal-queries.server";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import { makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { openSession } from "../../tests/helpers/residency-fixtures";
import { loader as attachmentLoader } from "./attachments.$attachmentId";
import { action as proposalAction, loader as proposalLoader } from "./proposals.$proposalId._index";
import { action as proposeAction } from "./schemes.$schemeId.propose";
import { loader as similarLoader } from "./schemes.$schemeId.similar";

// Uploaded files of this test go to a temporary directory (read by env.server at import).
vi.hoisted(() => {
  process.env.KAPOK_UPLOAD_DIR = `/tmp/kapok-route-uploads-${process.pid}-${Date.now()}`;
});

const csrf = "test-csrf-token-0123456789";
const context = { csrfToken: csrf, clientIp: "203.0.113.1" } as unknown as AppLoadContext;
let world: Awaited<ReturnType<typeof makeSchemeWorld>>;
const cookies = new Map<string, string>();

afterAll(async () => {
  await rm(process.env.KAPOK_UPLOAD_DIR!, { recursive: true, force: true });
});

beforeAll(async () => {
  expect(uploadDir()).toBe(process.env.KAPOK_UPLOAD_DIR);
  world = await makeSchemeWorld();
  for (const r of [...world.residents, world.outsider]) {
    const { token } = await openSession(r.id);
    cookies.set(r.id, `${sessionCookieName()}=${token}`);
  }
});

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);

function post(url: string, userId: string | null, fields: Record<string, string>, files: File[] = []) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("files", f);
  const headers = new Headers();
  if (userId) headers.set("Cookie", cookies.get(userId)!);
  return new Request(`http://localhost${url}`, { method: "POST", body, headers });
}

function get(url: string, userId: string | null = null) {
  const headers = new Headers();
  if (userId) headers.set("Cookie", cookies.get(userId)!);
  return new Request(`http://localhost${url}`, { headers });
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

const form = (over: Record<string, string> = {}) => ({
  csrf,
  intent: "publish",
  title: "小区门口加装无障碍坡道",
  body: "轮椅进出困难。<script>alert(1)</script> [x](javascript:alert(1))",
  category: "facilities",
  type: "works",
  cost: "8,000",
  communityId: String(world.tree.C.id),
  gridId: "",
  address: "",
  coproposers: "",
  ...over,
});

describe("propose → page → support → attachments, through the routes", () => {
  test("multipart post with photos publishes, redirects, and the page renders safely", async () => {
    const author = world.residents[0]!;
    const response = (await proposeAction({
      request: post(`/schemes/${world.scheme.id}/propose`, author.id, form(), [new File([jpeg], "门口.jpg")]),
      params: { schemeId: world.scheme.id },
      context,
    } as ActionFunctionArgs)) as Response;
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/^\/proposals\/[0-9a-f-]{36}\?notice=published$/);
    const id = location.split("/")[2]!.split("?")[0]!;
    const row = (await getProposalWithScheme(id))?.proposal;
    expect(row).toMatchObject({ status: "collecting", estimatedCostMinor: 8_000_00 });

    const page = (await proposalLoader({
      request: get(`/proposals/${id}`),
      params: { proposalId: id },
      context,
    } as LoaderFunctionArgs)) as {
      proposal: { bodyHtml: string; status: string };
      files: { id: string; image: boolean }[];
      support: { count: number; canSupport: boolean };
    };
    expect(page.proposal.status).toBe("collecting");
    expect(page.proposal.bodyHtml).not.toMatch(/<script|href="javascript/i);
    expect(page.files).toHaveLength(1);
    expect(page.support.canSupport).toBe(false);

    const file = (await attachmentLoader({
      request: get(`/attachments/${page.files[0]!.id}`),
      params: { attachmentId: page.files[0]!.id },
      context,
    } as LoaderFunctionArgs)) as Response;
    expect(file.headers.get("Content-Type")).toBe("image/jpeg");
    expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(file.headers.get("Content-Disposition")).toMatch(/^inline;/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(jpeg);

    // Another resident supports through the page's action, twice (a double click): one support.
    const fan = world.residents[1]!;
    for (let i = 0; i < 2; i++) {
      const r = (await proposalAction({
        request: post(`/proposals/${id}`, fan.id, { csrf, intent: "support" }),
        params: { proposalId: id },
        context,
      } as ActionFunctionArgs)) as Response;
      expect(r.status).toBe(302);
    }
    const after = (await proposalLoader({
      request: get(`/proposals/${id}`, fan.id),
      params: { proposalId: id },
      context,
    } as LoaderFunctionArgs)) as {
      support: { count: number; mine: boolean };
    };
    expect(after.support).toMatchObject({ count: 1, mine: true });

    const similar = (await similarLoader({
      request: get(`/schemes/${world.scheme.id}/similar?q=${encodeURIComponent("门口无障碍坡道")}`),
      params: { schemeId: world.scheme.id },
      context,
    } as LoaderFunctionArgs)) as Response;
    expect(((await similar.json()) as { similar: { id: string }[] }).similar.map((s) => s.id)).toContain(id);

    // Without JavaScript: the "check for similar proposals" button re-renders the form with the list.
    const checked = (await proposeAction({
      request: post(`/schemes/${world.scheme.id}/propose`, fan.id, {
        csrf,
        intent: "similar",
        title: "无障碍坡道",
        body: "",
      }),
      params: { schemeId: world.scheme.id },
      context,
    } as ActionFunctionArgs)) as unknown as {
      data: { similar: { id: string }[]; result: { initialValue: Record<string, unknown> } };
    };
    expect(checked.data.similar.map((s) => s.id)).toContain(id);
    expect(checked.data.result.initialValue.title).toBe("无障碍坡道");
  });

  test("no CSRF token → 403 before anything else; outsiders are refused with a form error", async () => {
    const author = world.residents[0]!;
    expect(
      await status(
        proposeAction({
          request: post(`/schemes/${world.scheme.id}/propose`, author.id, form({ csrf: "wrong" })),
          params: { schemeId: world.scheme.id },
          context,
        } as ActionFunctionArgs),
      ),
    ).toBe(403);
    const refused = await proposeAction({
      request: post(`/schemes/${world.scheme.id}/propose`, world.outsider.id, form()),
      params: { schemeId: world.scheme.id },
      context,
    } as ActionFunctionArgs);
    expect(await status(refused)).toBe(200);
    const init = (refused as unknown as { init: { status: number } | null }).init;
    expect(init?.status).toBe(403);
  });

  test("a spoofed .jpg is refused, and a draft's page and files are its author's alone", async () => {
    const author = world.residents[2]!;
    const spoofed = await proposeAction({
      request: post(`/schemes/${world.scheme.id}/propose`, author.id, form({ intent: "save" }), [
        new File(["<html><script>alert(1)</script>"], "x.jpg", { type: "image/jpeg" }),
      ]),
      params: { schemeId: world.scheme.id },
      context,
    } as ActionFunctionArgs);
    expect((spoofed as unknown as { init: { status: number } }).init.status).toBe(422);

    const saved = (await proposeAction({
      request: post(
        `/schemes/${world.scheme.id}/propose`,
        author.id,
        form({ intent: "save", title: "草稿提案" }),
        [new File([jpeg], "a.jpg")],
      ),
      params: { schemeId: world.scheme.id },
      context,
    } as ActionFunctionArgs)) as Response;
    const id = saved.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    expect(
      await status(
        proposalLoader({
          request: get(`/proposals/${id}`),
          params: { proposalId: id },
          context,
        } as LoaderFunctionArgs),
      ),
    ).toBe(404);
    expect(
      await status(
        proposalLoader({
          request: get(`/proposals/${id}`, world.residents[0]!.id),
          params: { proposalId: id },
          context,
        } as LoaderFunctionArgs),
      ),
    ).toBe(404);
    expect(
      await status(
        proposalLoader({
          request: get(`/proposals/${id}`, author.id),
          params: { proposalId: id },
          context,
        } as LoaderFunctionArgs),
      ),
    ).toBe(200);
    const [file] = await listAttachments("proposal", id);
    const fetchFile = (userId: string | null) =>
      status(
        attachmentLoader({
          request: get(`/attachments/${file!.id}`, userId),
          params: { attachmentId: file!.id },
          context,
        } as LoaderFunctionArgs),
      );
    expect(await fetchFile(null)).toBe(404);
    expect(await fetchFile(world.residents[0]!.id)).toBe(404);
    expect(await fetchFile(author.id)).toBe(200);
    expect(
      await status(
        attachmentLoader({
          request: get(`/attachments/nope`),
          params: { attachmentId: "nope" },
          context,
        } as LoaderFunctionArgs),
      ),
    ).toBe(404);
    expect(
      await status(
        proposalLoader({
          request: get(`/proposals/${crypto.randomUUID()}`),
          params: { proposalId: crypto.randomUUID() },
          context,
        } as LoaderFunctionArgs),
      ),
    ).toBe(404);
  });

  test("the public file route serves no file of a private subject (an NGO's application, a report)", async () => {
    for (const subjectType of ["funding_application", "funding_report", "organisation_certificate"]) {
      const id = crypto.randomUUID();
      await db.execute(sql`insert into attachments (id, subject_type, subject_id, storage_key, file_name, mime_type, size_bytes, sha256)
        values (${id}, ${subjectType}, ${crypto.randomUUID()}, ${`private/${id}.pdf`}, 'budget.pdf', 'application/pdf', 4, ${"0".repeat(64)})`);
      const row = { id };
      expect(
        await status(
          attachmentLoader({
            request: get(`/attachments/${row!.id}`),
            params: { attachmentId: row!.id },
            context,
          } as LoaderFunctionArgs),
        ),
      ).toBe(404);
    }
  });
});
