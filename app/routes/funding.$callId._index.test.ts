// Loader and action tests of the call routes against a real database, without a browser: creating a
// call from the form, the frozen edit, Q&A, publish and cancel, and who is refused.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
// The test checks the stored rows directly.
// eslint-disable-next-line import/no-restricted-paths
import { fundingCallProjects, fundingCalls, fundingCriteria } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import * as callRoute from "~/routes/funding.$callId._index";
import * as editRoute from "~/routes/funding.$callId.edit";
import * as newRoute from "~/routes/funding.new";
import { makeAdoptedProject } from "../../tests/helpers/funding-calls-fixtures";
import { makeCall, makeFundingAreas, makePersonWithRole } from "../../tests/helpers/funding-fixtures";
import { makeUser, openSession } from "../../tests/helpers/residency-fixtures";

const DAY = 86_400_000;
const csrf = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: csrf, clientIp: "127.0.0.1" } as never;

let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let official: string;
let cityOfficial: string;
let resident: string;

async function cookieFor(userId: string) {
  return `${sessionCookieName()}=${(await openSession(userId)).token}`;
}

function post(url: string, fields: [string, string][], cookie: string) {
  const body = new URLSearchParams([["csrf", csrf], ...fields]);
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

async function outcome(
  p: Promise<unknown>,
): Promise<{ status: number; location?: string | null; body?: unknown }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, location: r.headers.get("Location") };
    const d = r as { init?: { status?: number }; data?: unknown };
    return { status: d.init?.status ?? 200, body: d.data };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, location: error.headers.get("Location") };
    throw error;
  }
}

const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

function callForm(now: Date, areaId: number): [string, string][] {
  return [
    ["areaId", String(areaId)],
    ["kind", "venture"],
    ["title", "2027 年助残公益创投"],
    ["categories", "disability"],
    ["budget", "300,000"],
    ["perProjectCap", "80000"],
    ["reviewersPerApplication", "3"],
    ["aggregation", "trimmed_mean"],
    ["criteria[0].name", "需求"],
    ["criteria[0].maxScore", "10"],
    ["criteria[0].weight", "100"],
    ["criteria[1].name", ""],
    ["checklist[0].label", "已登记"],
    ["publishAt", local(new Date(now.getTime() - DAY))],
    ["opensAt", local(new Date(now.getTime() + DAY))],
    ["closesAt", local(new Date(now.getTime() + 20 * DAY))],
    ["reviewEndsAt", local(new Date(now.getTime() + 30 * DAY))],
    ["noticeDays", "7"],
  ];
}

beforeAll(async () => {
  areas = await makeFundingAreas();
  official = (await makePersonWithRole("street_official", areas.street.id)).userId;
  cityOfficial = (await makePersonWithRole("city_official", areas.city.id)).userId;
  resident = (await makeUser("居民")).id;
});

describe("funding.new", () => {
  test("an official creates a draft from the form, with the projects it buys", async () => {
    const project = await makeAdoptedProject(areas.street.id, areas.community.id);
    const form = [...callForm(new Date(), areas.street.id), ["projects", project.id] as [string, string]];
    const r = await outcome(
      newRoute.action({
        request: post("/funding/new", form, await cookieFor(official)),
        params: {},
        context,
      }),
    );
    expect(r.status).toBe(302);
    const id = r.location!.split("/")[2]!.split("?")[0]!;
    const [call] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, id));
    expect(call).toMatchObject({ status: "draft", budgetMinor: 300_000_00, aggregation: "trimmed_mean" });
    expect(
      await db.select().from(fundingCallProjects).where(eq(fundingCallProjects.callId, id)),
    ).toHaveLength(1);
  });

  test("bad input comes back as field errors, nothing written; a street official cannot pick the city", async () => {
    const before = (await db.select({ id: fundingCalls.id }).from(fundingCalls)).length;
    const bad = callForm(new Date(), areas.street.id).map(([k, v]): [string, string] =>
      k === "criteria[0].weight" ? [k, "90"] : [k, v],
    );
    const r = await outcome(
      newRoute.action({ request: post("/funding/new", bad, await cookieFor(official)), params: {}, context }),
    );
    expect(r.status).toBe(400);
    const city = await outcome(
      newRoute.action({
        request: post("/funding/new", callForm(new Date(), areas.city.id), await cookieFor(official)),
        params: {},
        context,
      }),
    );
    expect(city.status).toBe(403);
    expect((await db.select({ id: fundingCalls.id }).from(fundingCalls)).length).toBe(before);
    expect(
      (
        await outcome(
          newRoute.loader({
            request: new Request("http://localhost/funding/new", {
              headers: { Cookie: await cookieFor(resident) },
            }),
            params: {},
            context,
          }),
        )
      ).status,
    ).toBe(403);
  });
});

describe("funding.$callId.edit", () => {
  test("on an open call a full form only changes what is still editable", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const form = callForm(new Date(), areas.street.id).map(([k, v]): [string, string] => {
      if (k === "reviewEndsAt") return [k, local(new Date(call.reviewEndsAt.getTime() + DAY))];
      if (k === "noticeDays") return [k, "9"];
      return [k, v];
    });
    const r = await outcome(
      editRoute.action({
        request: post(
          `/funding/${call.id}/edit`,
          [...form, ["intent", "save"]],
          await cookieFor(cityOfficial),
        ),
        params: { callId: call.id },
        context,
      }),
    );
    expect(r.status).toBe(302);
    const [after] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, call.id));
    expect(after).toMatchObject({
      title: "2027 年助残公益创投",
      noticeDays: 9,
      budgetMinor: call.budgetMinor,
    });
    expect(await db.select().from(fundingCriteria).where(eq(fundingCriteria.callId, call.id))).toHaveLength(
      7,
    );
  });
});

describe("funding.$callId", () => {
  test("ask, answer, publish and cancel through the page", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const here = `/funding/${call.id}`;
    const params = { callId: call.id };
    const asked = await outcome(
      callRoute.action({
        request: post(
          here,
          [
            ["intent", "ask"],
            ["question", "可以联合申报吗？"],
          ],
          await cookieFor(resident),
        ),
        params,
        context,
      }),
    );
    expect(asked.status).toBe(302);
    const data = (await callRoute.loader({
      request: new Request(`http://localhost${here}`, { headers: { Cookie: await cookieFor(official) } }),
      params,
      context,
    })) as Awaited<ReturnType<typeof callRoute.loader>>;
    const questionId = data.questions[0]!.id;
    const refused = await outcome(
      callRoute.action({
        request: post(
          here,
          [
            ["intent", "answer"],
            ["questionId", questionId],
            ["answer", "可以"],
          ],
          await cookieFor(resident),
        ),
        params,
        context,
      }),
    );
    expect(refused.status).toBe(403);
    const answered = await outcome(
      callRoute.action({
        request: post(
          here,
          [
            ["intent", "answer"],
            ["questionId", questionId],
            ["answer", "可以"],
          ],
          await cookieFor(official),
        ),
        params,
        context,
      }),
    );
    expect(answered.status).toBe(302);
    const cancelled = await outcome(
      callRoute.action({
        request: post(
          here,
          [
            ["intent", "cancel"],
            ["reason", "预算调整"],
          ],
          await cookieFor(official),
        ),
        params,
        context,
      }),
    );
    expect(cancelled.status).toBe(302);
    const { call: draft } = await makeCall(areas.street.id, { phase: "draft" });
    const published = await outcome(
      callRoute.action({
        request: post(`/funding/${draft.id}`, [["intent", "publish"]], await cookieFor(official)),
        params: { callId: draft.id },
        context,
      }),
    );
    expect(published.status).toBe(302);
    const [row] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, draft.id));
    expect(row!.status).toBe("published");
  });

  test("a form without the CSRF token is refused", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const request = new Request(`http://localhost/funding/${call.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "ask", question: "?" }),
      headers: { Cookie: await cookieFor(resident), "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect((await outcome(callRoute.action({ request, params: { callId: call.id }, context }))).status).toBe(
      403,
    );
  });
});
