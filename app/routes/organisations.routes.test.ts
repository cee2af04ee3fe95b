// The organisation routes' actions on a real database, as a browser without JavaScript posts them:
// registration (multipart, one service area), a wrong check character, officials deciding, forged ids.
import { beforeAll, describe, expect, test, vi } from "vitest";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { getOrganisation } from "~/modules/funding/organisation-queries.server";
import * as profileRoute from "~/routes/organisations.$organisationId._index";
import * as membersRoute from "~/routes/organisations.$organisationId.members";
import * as newRoute from "~/routes/organisations.new";
import { makeFundingAreas } from "../../tests/helpers/funding-fixtures";
import {
  memoryStorage,
  validCreditCode,
  withWrongCheck,
} from "../../tests/helpers/funding-organisations-fixtures";
import { makeStaff, makeUser, openSession } from "../../tests/helpers/residency-fixtures";

// Certificates go to memory, not to the data directory.
vi.mock("~/modules/uploads/storage.server", () => ({ defaultStorage: () => memoryStorage().storage }));

const csrf = "test-csrf-token-0123456789abcdef";
const context = { csrfToken: csrf, clientIp: "127.0.0.1" } as never;

let areas: Awaited<ReturnType<typeof makeFundingAreas>>;

beforeAll(async () => {
  areas = await makeFundingAreas();
});

async function cookieFor(userId: string) {
  return `${sessionCookieName()}=${(await openSession(userId)).token}`;
}

function post(url: string, body: FormData | Record<string, string>, cookie: string) {
  const form = body instanceof FormData ? body : new URLSearchParams(body);
  form.set("csrf", csrf);
  return new Request(`http://localhost${url}`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

function registration(creditCode: string) {
  const form = new FormData();
  const fields: Record<string, string> = {
    name: "海珠助残服务社",
    nameEn: "",
    legalForm: "social_group",
    creditCode,
    registrationAuthority: "海珠区民政局",
    area: areas.district.code,
    address: "海珠区江南大道 2 号",
    contactName: "王社工",
    contactPhone: "13800138000",
    contactEmail: "",
    serviceAreas: areas.street.code,
    description: "为残障人士提供康复和就业支持。",
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set(
    "certificate",
    new File([new TextEncoder().encode("%PDF-1.7\n")], "证书.pdf", { type: "application/pdf" }),
  );
  return form;
}

async function result(response: unknown) {
  // Remix `data()` replies carry their status in `init`; redirects are Responses.
  if (response instanceof Response)
    return { status: response.status, location: response.headers.get("Location") };
  const r = response as {
    init?: { status?: number };
    data: { result: { error?: Record<string, string[]> } };
  };
  return { status: r.init?.status ?? 200, errors: r.data.result.error };
}

describe("organisation routes", () => {
  test("registering without JavaScript: one service area, a certificate; then a wrong check character", async () => {
    const person = await makeUser();
    const cookie = await cookieFor(person.id);
    const ok = await result(
      await newRoute.action({
        request: post("/organisations/new", registration(validCreditCode()), cookie),
        params: {},
        context,
      }),
    );
    expect(ok.status).toBe(302);
    const id = ok.location!.split("/")[2]!.split("?")[0]!;
    expect(await getOrganisation(id)).toMatchObject({ status: "pending", legalForm: "social_group" });
    expect((await listActiveRoles(person.id)).map((r) => [r.role, r.organisationId])).toEqual([
      ["ngo_admin", id],
    ]);

    const wrong = await result(
      await newRoute.action({
        request: post("/organisations/new", registration(withWrongCheck(validCreditCode())), cookie),
        params: {},
        context,
      }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.errors?.creditCode).toEqual(["organisations:errors.creditCodeCheck"]);
  });

  test("officials decide on the profile page: street refused, district verifies; forged ids are 404", async () => {
    const person = await makeUser();
    const ok = await result(
      await newRoute.action({
        request: post("/organisations/new", registration(validCreditCode()), await cookieFor(person.id)),
        params: {},
        context,
      }),
    );
    const id = ok.location!.split("/")[2]!.split("?")[0]!;
    const street = await makeStaff("street_official", areas.street.id);
    const refused = await result(
      await profileRoute.action({
        request: post(`/organisations/${id}`, { intent: "verify" }, await cookieFor(street.id)),
        params: { organisationId: id },
        context,
      }),
    );
    expect(refused.status).toBe(404);
    const district = await makeStaff("district_official", areas.district.id);
    const districtCookie = await cookieFor(district.id);
    const noReason = await result(
      await profileRoute.action({
        request: post(`/organisations/${id}`, { intent: "reject", reason: "" }, districtCookie),
        params: { organisationId: id },
        context,
      }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.errors?.reason).toEqual(["organisations:errors.reasonRequired"]);
    const verified = await result(
      await profileRoute.action({
        request: post(`/organisations/${id}`, { intent: "verify" }, districtCookie),
        params: { organisationId: id },
        context,
      }),
    );
    expect(verified).toMatchObject({ status: 302, location: `/organisations/${id}?notice=verified` });

    const forged = "00000000-0000-0000-0000-000000000000";
    const forgedDecide = await result(
      await profileRoute.action({
        request: post(`/organisations/${forged}`, { intent: "verify" }, districtCookie),
        params: { organisationId: forged },
        context,
      }),
    );
    expect(forgedDecide.status).toBe(404);
    const adminRoles = await listActiveRoles(person.id);
    expect(adminRoles).toHaveLength(1);
    const forgedInvite = await result(
      await membersRoute.action({
        request: post(
          `/organisations/${forged}/members`,
          { intent: "invite", identifier: "a@example.org", role: "member" },
          await cookieFor(person.id),
        ),
        params: { organisationId: forged },
        context,
      }),
    );
    expect(forgedInvite.status).toBe(404);
  });
});
