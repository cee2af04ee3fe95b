// Smoke tests of the H8 route modules: loaders and actions run against a real database, as an
// anonymous visitor, a resident and the committee, without a browser.
import { beforeEach, describe, expect, test } from "vitest";
// The consultation the meetings hang on is set up directly: its own use-cases are another feature's.
// eslint-disable-next-line import/no-restricted-paths
import { consultations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import * as csvRoute from "~/routes/decisions.$code[.]csv";
import * as jsonRoute from "~/routes/decisions.$code[.]json";
import * as decisionsRoute from "~/routes/decisions.$code";
import * as meetingRoute from "~/routes/meetings.$meetingId";
import * as newMeetingRoute from "~/routes/meetings.new";
import * as outcomeRoute from "~/routes/outcomes.$outcomeId";
import * as newOutcomeRoute from "~/routes/outcomes.new";
import { makeResident } from "../../tests/helpers/livelihood-fixtures";
import { makeAreaTree, makeStaff, openSession } from "../../tests/helpers/residency-fixtures";

const DAY = 86_400_000;
const csrf = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: csrf, clientIp: "127.0.0.1" } as never;

let tree: Awaited<ReturnType<typeof makeAreaTree>>;
let committee: Awaited<ReturnType<typeof makeStaff>>;
let consultationId: string;

async function cookieFor(userId: string) {
  const { token } = await openSession(userId);
  return `${sessionCookieName()}=${token}`;
}

function get(url: string, cookie?: string) {
  return new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} });
}

function post(url: string, fields: Record<string, string>, cookie: string) {
  const body = new URLSearchParams({ csrf, ...fields });
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

async function thrown(p: unknown): Promise<Response> {
  try {
    await p;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown response");
}

function localInput(date: Date) {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

beforeEach(async () => {
  tree = await makeAreaTree();
  committee = await makeStaff("committee_member", tree.C.id, "社区委员");
  const now = Date.now();
  const [c] = await db
    .insert(consultations)
    .values({
      areaId: tree.C.id,
      title: "加装电梯协商",
      background: "背景",
      status: "published",
      opensAt: new Date(now - 10 * DAY),
      closesAt: new Date(now - DAY),
    })
    .returning({ id: consultations.id });
  consultationId = c!.id;
});

describe("meeting routes", () => {
  test("the committee schedules a meeting, a resident registers and sees a code, an outsider is refused", async () => {
    const committeeCookie = await cookieFor(committee.id);
    const newUrl = `/meetings/new?consultation=${consultationId}`;
    const page = await newMeetingRoute.loader({ request: get(newUrl, committeeCookie), params: {}, context });
    expect(page.parent.id).toBe(consultationId);
    const start = new Date(Date.now() + 3 * DAY);
    const created = (await newMeetingRoute.action({
      request: post(
        newUrl,
        {
          title: "议事会",
          place: "活动室",
          startsAt: localInput(start),
          endsAt: localInput(new Date(start.getTime() + 7_200_000)),
          capacity: "1",
          councilSize: "9",
        },
        committeeCookie,
      ),
      params: {},
      context,
    })) as Response;
    expect(created.status).toBe(302);
    const meetingId = created.headers.get("Location")!.split("/")[2]!.split("?")[0]!;

    const resident = await makeResident(tree.C.id, "居民甲");
    const residentCookie = await cookieFor(resident.id);
    const before = await meetingRoute.loader({
      request: get(`/meetings/${meetingId}`, residentCookie),
      params: { meetingId },
      context,
    });
    expect(before.canRegister).toBe(true);
    const registered = (await meetingRoute.action({
      request: post(`/meetings/${meetingId}`, { intent: "register" }, residentCookie),
      params: { meetingId },
      context,
    })) as Response;
    expect(registered.headers.get("Location")).toContain("notice=registered");
    const after = await meetingRoute.loader({
      request: get(`/meetings/${meetingId}`, residentCookie),
      params: { meetingId },
      context,
    });
    expect(after.mine).toMatchObject({ status: "registered" });
    expect(after.mine!.code).toMatch(/^[A-Z2-9]{3} [A-Z2-9]{3}$/);
    expect(after.remaining).toBe(0);

    const anonymous = await meetingRoute.loader({
      request: get(`/meetings/${meetingId}`),
      params: { meetingId },
      context,
    });
    expect(anonymous.manager).toBeNull();
    expect(anonymous.mine).toBeNull();
    const asCommittee = await meetingRoute.loader({
      request: get(`/meetings/${meetingId}`, committeeCookie),
      params: { meetingId },
      context,
    });
    expect(asCommittee.manager).not.toBeNull();

    const outsider = await makeStaff("committee_member", tree.C3.id);
    const refused = await thrown(
      newMeetingRoute.loader({ request: get(newUrl, await cookieFor(outsider.id)), params: {}, context }),
    );
    expect(refused.status).toBe(403);
    const missing = await thrown(
      meetingRoute.loader({ request: get(`/meetings/nope`), params: { meetingId: "nope" }, context }),
    );
    expect(missing.status).toBe(404);

    // The organiser calls it off with a form post (no script): a blank reason comes back as a form
    // error, a reason cancels it and the page says why.
    expect(asCommittee.manager!.canCancelMeeting).toBe(true);
    const blank = await meetingRoute.action({
      request: post(`/meetings/${meetingId}`, { intent: "cancelMeeting", reason: " " }, committeeCookie),
      params: { meetingId },
      context,
    });
    expect(blank).not.toBeInstanceOf(Response);
    const cancelled = (await meetingRoute.action({
      request: post(
        `/meetings/${meetingId}`,
        { intent: "cancelMeeting", reason: "暴雨预警，改期" },
        committeeCookie,
      ),
      params: { meetingId },
      context,
    })) as Response;
    expect(cancelled.headers.get("Location")).toContain("notice=meetingCancelled");
    const gone = await meetingRoute.loader({
      request: get(`/meetings/${meetingId}`, residentCookie),
      params: { meetingId },
      context,
    });
    expect(gone.meeting).toMatchObject({ status: "cancelled", cancelReason: "暴雨预警，改期" });
    expect(gone.canRegister).toBe(false);
  });
});

describe("outcome routes", () => {
  test("publish with blank rows, view, update a follow-up, list and export", async () => {
    const committeeCookie = await cookieFor(committee.id);
    const newUrl = `/outcomes/new?consultation=${consultationId}`;
    await newOutcomeRoute.loader({ request: get(newUrl, committeeCookie), params: {}, context });
    const fields: Record<string, string> = {
      title: "协商结果",
      summary: "概述",
      decisions: "决定",
      noticeDays: "7",
      "items[0].opinion": "加装电梯",
      "items[0].handling": "adopted",
      "items[0].reason": "多数支持",
      "actions[0].title": "报建",
      "actions[0].owner": "街道规划办",
      "actions[0].dueOn": "2027-03-31",
    };
    for (let i = 1; i < 5; i++) {
      Object.assign(fields, {
        [`items[${i}].opinion`]: "",
        [`items[${i}].reason`]: "",
        [`actions[${i}].title`]: "",
      });
    }
    const published = (await newOutcomeRoute.action({
      request: post(newUrl, fields, committeeCookie),
      params: {},
      context,
    })) as Response;
    expect(published.status).toBe(302);
    const outcomeId = published.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    // Going back to the form now leads to the published outcome.
    const again = await thrown(
      newOutcomeRoute.loader({ request: get(newUrl, committeeCookie), params: {}, context }),
    );
    expect(again.headers.get("Location")).toBe(`/outcomes/${outcomeId}`);

    const page = await outcomeRoute.loader({
      request: get(`/outcomes/${outcomeId}`),
      params: { outcomeId },
      context,
    });
    expect(page.items).toHaveLength(1);
    expect(page.actions).toHaveLength(1);
    expect(page.noticeOpen).toBe(true);
    const updated = (await outcomeRoute.action({
      request: post(
        `/outcomes/${outcomeId}`,
        { intent: "followUp", actionId: page.actions[0]!.id, status: "in_progress", note: "已提交" },
        committeeCookie,
      ),
      params: { outcomeId },
      context,
    })) as Response;
    expect(updated.status).toBe(302);
    const resident = await makeResident(tree.C.id);
    const objected = (await outcomeRoute.action({
      request: post(
        `/outcomes/${outcomeId}`,
        { intent: "object", reason: "有异议" },
        await cookieFor(resident.id),
      ),
      params: { outcomeId },
      context,
    })) as Response;
    expect(objected.headers.get("Location")).toContain("notice=objected");
    const after = await outcomeRoute.loader({
      request: get(`/outcomes/${outcomeId}`, committeeCookie),
      params: { outcomeId },
      context,
    });
    expect(after.actions[0]!.status).toBe("in_progress");
    expect(after.objections).toHaveLength(1);

    const list = await decisionsRoute.loader({
      request: get(`/decisions/${tree.S.code}`),
      params: { code: tree.S.code },
      context,
    });
    expect(list.rows.map((r) => r.id)).toEqual([outcomeId]);
    const csv = await csvRoute.loader({
      request: get(`/decisions/${tree.S.code}.csv`),
      params: { code: tree.S.code },
      context,
    });
    expect(await csv.text()).toContain(outcomeId);
    const json = await jsonRoute.loader({
      request: get(`/decisions/${tree.S.code}.json`),
      params: { code: tree.S.code },
      context,
    });
    const body = (await json.json()) as { outcomes: Array<{ id: string }> };
    expect(body.outcomes.map((o) => o.id)).toEqual([outcomeId]);
    expect(
      (
        await thrown(
          decisionsRoute.loader({ request: get("/decisions/nope"), params: { code: "nope" }, context }),
        )
      ).status,
    ).toBe(404);
  });
});
