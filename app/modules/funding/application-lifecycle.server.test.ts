import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { fundingApplications, fundingCalls, fundingScreeningChecks } from "~db/schema/funding";
import { timelineEntries } from "~db/schema/livelihood";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { attachments } from "~db/schema/uploads";
import type { UploadStorage } from "~/modules/uploads/storage.server";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "../../../tests/helpers/funding-fixtures";
import { completeContent } from "../../../tests/helpers/funding-applications-fixtures";
import { saveDraft, startApplication } from "./application-drafts.server";
import { isApplicationIncomplete } from "./application-errors";
import { loadApplicationForOfficial, loadApplicationForOrg } from "./application-queries.server";
import { returnForRework, screenApplication } from "./screen-application.server";
import { submitApplication } from "./submit-application.server";
import { withdrawApplication } from "./withdraw-application.server";

type Person = Awaited<ReturnType<typeof makePersonWithRole>>;
const actorOf = (p: Person) => ({ id: p.userId, pseudonymSeed: p.user.pseudonymSeed });
const rolesOf = (p: Person) => listActiveRoles(p.userId);
const second = 1000;
const day = 86_400_000;

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
async function refusal(p: Promise<unknown>) {
  const r = await settle(p);
  if (r.ok) throw new Error("not refused");
  if (!isDomainError(r.error)) throw r.error;
  return { code: r.error.code, status: r.error.status, params: r.error.params, error: r.error };
}

let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let otherAreas: Awaited<ReturnType<typeof makeFundingAreas>>;
let ngoA: Awaited<ReturnType<typeof makeOrganisationWithAdmin>>;
let ngoB: Awaited<ReturnType<typeof makeOrganisationWithAdmin>>;
let official: Person;
let otherDistrictOfficial: Person;
let streetOfficial: Person;

beforeAll(async () => {
  areas = await makeFundingAreas();
  otherAreas = await makeFundingAreas();
  ngoA = await makeOrganisationWithAdmin(areas.district.id);
  ngoB = await makeOrganisationWithAdmin(areas.district.id);
  official = await makePersonWithRole("district_official", areas.district.id);
  otherDistrictOfficial = await makePersonWithRole("district_official", otherAreas.district.id);
  streetOfficial = await makePersonWithRole("street_official", areas.street.id);
});

/** A draft of NGO A with complete content, in a call of the given phase. */
async function completeDraft(options: Parameters<typeof makeCall>[1] = {}) {
  const { call, checklist } = await makeCall(areas.district.id, { phase: "open", ...options });
  const roles = await rolesOf(ngoA.admin);
  const { id } = await startApplication({
    actor: actorOf(ngoA.admin),
    actorRoles: roles,
    callId: call.id,
    organisationId: ngoA.org.id,
  });
  await saveDraft({
    actor: actorOf(ngoA.admin),
    actorRoles: roles,
    applicationId: id,
    content: completeContent(),
  });
  return { call, checklist, id, roles };
}

async function submittedEvents(applicationId: string) {
  return db
    .select()
    .from(participationEvents)
    .where(
      and(
        eq(participationEvents.kind, "application.submitted"),
        eq(participationEvents.subjectId, applicationId),
      ),
    );
}

async function closeCall(callId: string, closesAt = new Date(Date.now() - second)) {
  await db
    .update(fundingCalls)
    .set({
      publishAt: new Date(closesAt.getTime() - 20 * day),
      opensAt: new Date(closesAt.getTime() - 10 * day),
      closesAt,
    })
    .where(eq(fundingCalls.id, callId));
}

describe("starting an application", () => {
  test("a member of a verified organisation starts one draft per call; starting again returns it", async () => {
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    const roles = await rolesOf(ngoA.admin);
    const args = {
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      callId: call.id,
      organisationId: ngoA.org.id,
    };
    const [a, b] = await Promise.all([startApplication(args), startApplication(args)]);
    expect(a.id).toBe(b.id);
    const rows = await db.select().from(fundingApplications).where(eq(fundingApplications.callId, call.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("draft");
  });

  test("an unverified organisation cannot apply", async () => {
    const pending = await makeOrganisationWithAdmin(areas.district.id, { status: "pending" });
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    const r = await refusal(
      startApplication({
        actor: actorOf(pending.admin),
        actorRoles: await rolesOf(pending.admin),
        callId: call.id,
        organisationId: pending.org.id,
      }),
    );
    expect(r).toMatchObject({ code: "applications:errors.orgNotVerified", status: 403 });
  });

  test("nobody applies for an organisation they do not belong to, nor to a closed or draft call", async () => {
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    expect(
      (
        await refusal(
          startApplication({
            actor: actorOf(ngoB.admin),
            actorRoles: await rolesOf(ngoB.admin),
            callId: call.id,
            organisationId: ngoA.org.id,
          }),
        )
      ).code,
    ).toBe("applications:errors.notMember");
    const closed = await makeCall(areas.district.id, { phase: "closed" });
    expect(
      (
        await refusal(
          startApplication({
            actor: actorOf(ngoA.admin),
            actorRoles: await rolesOf(ngoA.admin),
            callId: closed.call.id,
            organisationId: ngoA.org.id,
          }),
        )
      ).code,
    ).toBe("applications:errors.callClosed");
    const draft = await makeCall(areas.district.id, { phase: "draft" });
    expect(
      (
        await refusal(
          startApplication({
            actor: actorOf(ngoA.admin),
            actorRoles: await rolesOf(ngoA.admin),
            callId: draft.call.id,
            organisationId: ngoA.org.id,
          }),
        )
      ).status,
    ).toBe(404);
  });
});

describe("submitting", () => {
  test("a complete application is submitted: status, one participation event, a timeline entry", async () => {
    const { id, roles } = await completeDraft();
    const result = await submitApplication({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      applicationId: id,
    });
    expect(result.resubmission).toBe(false);
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row).toMatchObject({ status: "submitted", projectTotalMinor: 35_000_00 });
    expect(await submittedEvents(id)).toHaveLength(1);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((t) => t.kind)).toContain("applications:timeline.submitted");
    // No edits after submission.
    expect(
      (
        await refusal(
          saveDraft({
            actor: actorOf(ngoA.admin),
            actorRoles: roles,
            applicationId: id,
            content: completeContent({ title: "改" }),
          }),
        )
      ).code,
    ).toBe("applications:errors.locked");
  });

  test("an incomplete draft is refused with every missing field and broken rule listed; nothing changes", async () => {
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    const roles = await rolesOf(ngoA.admin);
    const { id } = await startApplication({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      callId: call.id,
      organisationId: ngoA.org.id,
    });
    const r = await refusal(
      submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id }),
    );
    if (!isApplicationIncomplete(r.error)) throw new Error("expected the full list");
    expect(r.error.messages).toEqual([
      "applications:missing.title",
      "applications:missing.summary",
      "applications:missing.needs",
      "applications:missing.beneficiaries",
      "applications:missing.beneficiaryCount",
      "applications:missing.objectives",
      "applications:missing.activities",
      "applications:missing.indicators",
      "applications:missing.team",
      "applications:errors.budgetEmpty",
      "applications:errors.requestMissing",
    ]);
    // Over the share (60% of ¥35,000 is ¥21,000) and lines off by one fen.
    await saveDraft({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      applicationId: id,
      content: completeContent({ requestedMinor: 21_000_01, selfRaisedMinor: 13_999_98 }),
    });
    const over = await refusal(
      submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id, locale: "en" }),
    );
    if (!isApplicationIncomplete(over.error)) throw new Error("expected the full list");
    expect(over.error.messages).toEqual([
      'applications:errors.requestOverShare|{"percent":60,"max":"CN¥21,000","selfRaisedPercent":40}',
      'applications:errors.linesDontAddUp|{"total":"CN¥35,000","sum":"CN¥34,999.99"}',
    ]);
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row!.status).toBe("draft");
    expect(await submittedEvents(id)).toHaveLength(0);
  });

  test("deadline by the server clock: closesAt − 1 s accepted; closesAt and + 1 s refused, naming the close", async () => {
    const roles = await rolesOf(ngoA.admin);
    const a = await completeDraft();
    const closesAt = a.call.closesAt;
    await submitApplication({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      applicationId: a.id,
      now: new Date(closesAt.getTime() - second),
    });
    for (const offset of [0, second]) {
      const b = await completeDraft();
      const r = await refusal(
        submitApplication({
          actor: actorOf(ngoA.admin),
          actorRoles: roles,
          applicationId: b.id,
          now: new Date(b.call.closesAt.getTime() + offset),
        }),
      );
      expect(r.code).toBe("applications:errors.callClosed");
      expect(r.params.closesAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    }
  });

  test("a submission racing the close: every accepted one has submittedAt < closesAt", async () => {
    const { call } = await makeCall(areas.district.id, { phase: "open" });
    const ids: string[] = [];
    const orgs: { admin: Person; roles: Awaited<ReturnType<typeof rolesOf>> }[] = [];
    for (let i = 0; i < 6; i++) {
      const o = await makeOrganisationWithAdmin(areas.district.id);
      const roles = await rolesOf(o.admin);
      const { id } = await startApplication({
        actor: actorOf(o.admin),
        actorRoles: roles,
        callId: call.id,
        organisationId: o.org.id,
      });
      await saveDraft({
        actor: actorOf(o.admin),
        actorRoles: roles,
        applicationId: id,
        content: completeContent(),
      });
      ids.push(id);
      orgs.push({ admin: o.admin, roles });
    }
    const closesAt = new Date(Date.now() + 25);
    await db.update(fundingCalls).set({ closesAt }).where(eq(fundingCalls.id, call.id));
    const results = await Promise.all(
      ids.map((id, i) =>
        settle(
          submitApplication({
            actor: actorOf(orgs[i]!.admin),
            actorRoles: orgs[i]!.roles,
            applicationId: id,
          }),
        ),
      ),
    );
    for (const r of results) {
      if (r.ok) expect(r.value.submittedAt.getTime()).toBeLessThan(closesAt.getTime());
      else expect(isDomainError(r.error) && r.error.code).toBe("applications:errors.callClosed");
    }
    const rows = await db.select().from(fundingApplications).where(eq(fundingApplications.callId, call.id));
    for (const row of rows) {
      if (row.status === "submitted") expect(row.submittedAt!.getTime()).toBeLessThan(closesAt.getTime());
      else expect(row.status).toBe("draft");
    }
  });

  test("two submits at once give one submission and one participation event", async () => {
    const { id, roles } = await completeDraft();
    const args = { actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id };
    const results = await Promise.all([
      settle(submitApplication(args)),
      settle(submitApplication(args)),
      settle(submitApplication(args)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results)
      if (!r.ok) expect(isDomainError(r.error) && r.error.code).toBe("applications:errors.alreadySubmitted");
    expect(await submittedEvents(id)).toHaveLength(1);
  });
});

describe("withdrawing", () => {
  test("before the close: withdrawn; after the close: refused", async () => {
    const { id, roles, call } = await completeDraft();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    await withdrawApplication({ actor: { id: ngoA.admin.userId }, actorRoles: roles, applicationId: id });
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row!.status).toBe("withdrawn");
    expect(
      (await refusal(submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id })))
        .code,
    ).toBe("applications:errors.alreadySubmitted");
    const late = await completeDraft();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: late.id });
    const r = await refusal(
      withdrawApplication({
        actor: { id: ngoA.admin.userId },
        actorRoles: roles,
        applicationId: late.id,
        now: new Date(late.call.closesAt.getTime()),
      }),
    );
    expect(r.code).toBe("applications:errors.withdrawClosed");
    expect(call.id).toBeTruthy();
  });
});

describe("screening and rework", () => {
  test("checklist verdicts: a fail needs a reason; any fail → ineligible with reasons; audited; admins told", async () => {
    const { call, checklist } = await makeCall(areas.district.id, { phase: "closed" });
    const app = await makeApplication(call.id, ngoA.org.id);
    const roles = await rolesOf(official);
    const before = await refusal(
      screenApplication({
        actor: { id: official.userId },
        actorRoles: roles,
        applicationId: app.id,
        checks: [
          { itemId: checklist[0]!.id, passed: true },
          { itemId: checklist[1]!.id, passed: false, reason: "" },
        ],
      }),
    );
    expect(before.code).toBe("applications:errors.failReason");
    expect(
      (
        await refusal(
          screenApplication({
            actor: { id: official.userId },
            actorRoles: roles,
            applicationId: app.id,
            checks: [{ itemId: checklist[0]!.id, passed: true }],
          }),
        )
      ).code,
    ).toBe("applications:errors.checkEveryItem");
    const result = await screenApplication({
      actor: { id: official.userId },
      actorRoles: roles,
      applicationId: app.id,
      checks: [
        { itemId: checklist[0]!.id, passed: true },
        { itemId: checklist[1]!.id, passed: false, reason: "项目超出章程业务范围" },
      ],
    });
    expect(result.status).toBe("ineligible");
    const checks = await db
      .select()
      .from(fundingScreeningChecks)
      .where(eq(fundingScreeningChecks.applicationId, app.id));
    expect(checks.find((c) => !c.passed)?.reason).toBe("项目超出章程业务范围");
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, app.id));
    expect(audits.map((a) => a.action)).toEqual(["application.screened"]);
    const told = await db.select().from(notifications).where(eq(notifications.subjectId, app.id));
    expect(told.map((n) => [n.userId, n.kind])).toEqual([
      [ngoA.admin.userId, "applications:notifications.ineligible"],
    ]);
    const all = await screenApplication({
      actor: { id: official.userId },
      actorRoles: roles,
      applicationId: app.id,
      checks: checklist.map((c) => ({ itemId: c.id, passed: true })),
    });
    expect(all.status).toBe("eligible");
  });

  test("screening waits for the close", async () => {
    const { id, roles, checklist } = await completeDraft();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    const r = await refusal(
      screenApplication({
        actor: { id: official.userId },
        actorRoles: await rolesOf(official),
        applicationId: id,
        checks: checklist.map((c) => ({ itemId: c.id, passed: true })),
      }),
    );
    expect(r.code).toBe("applications:errors.screenNotYet");
  });

  test("returned once for rework: the applicant edits and resubmits before the deadline; a second return is refused", async () => {
    const { id, roles, call } = await completeDraft();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    await closeCall(call.id);
    const officialRoles = await rolesOf(official);
    const now = new Date();
    const dueAt = new Date(now.getTime() + 3 * day);
    await returnForRework({
      actor: { id: official.userId },
      actorRoles: officialRoles,
      applicationId: id,
      reason: "请补充预算明细",
      dueAt,
      now,
    });
    const again = await refusal(
      returnForRework({
        actor: { id: official.userId },
        actorRoles: officialRoles,
        applicationId: id,
        reason: "再次",
        dueAt,
        now,
      }),
    );
    expect(again.code).toBe("applications:errors.alreadyReturned");
    // The applicant edits after the call closed, because it was returned.
    await saveDraft({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      applicationId: id,
      content: completeContent({ title: "长者助餐（修订）" }),
    });
    const r = await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    expect(r.resubmission).toBe(true);
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row).toMatchObject({ status: "submitted", title: "长者助餐（修订）" });
    expect(row!.resubmittedAt).not.toBeNull();
    const third = await refusal(
      returnForRework({
        actor: { id: official.userId },
        actorRoles: officialRoles,
        applicationId: id,
        reason: "三次",
        dueAt,
        now,
      }),
    );
    expect(third.code).toBe("applications:errors.alreadyReturned");
    const audits = await db.select().from(auditEntries).where(eq(auditEntries.subjectId, id));
    expect(audits.map((a) => a.action)).toEqual(["application.returned"]);
  });

  test("resubmitting after the rework deadline is refused", async () => {
    const { id, roles, call } = await completeDraft();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    await closeCall(call.id);
    const now = new Date();
    const dueAt = new Date(now.getTime() + day);
    await returnForRework({
      actor: { id: official.userId },
      actorRoles: await rolesOf(official),
      applicationId: id,
      reason: "补充",
      dueAt,
      now,
    });
    const r = await refusal(
      submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id, now: dueAt }),
    );
    expect(r.code).toBe("applications:errors.reworkOver");
    const edit = await refusal(
      saveDraft({
        actor: actorOf(ngoA.admin),
        actorRoles: roles,
        applicationId: id,
        content: completeContent(),
        now: new Date(dueAt.getTime() + second),
      }),
    );
    expect(edit.code).toBe("applications:errors.reworkOver");
  });
});

describe("authorization matrix", () => {
  test("NGO B reading, editing, submitting or withdrawing NGO A's application by id → 404", async () => {
    const { id } = await completeDraft();
    const rolesB = await rolesOf(ngoB.admin);
    expect(await loadApplicationForOrg(id, rolesB)).toBeNull();
    expect(await loadApplicationForOrg("not-a-uuid", rolesB)).toBeNull();
    // One attempt at a time (thunks): a promise created early could reject before it is awaited.
    for (const attempt of [
      () =>
        saveDraft({
          actor: actorOf(ngoB.admin),
          actorRoles: rolesB,
          applicationId: id,
          content: completeContent({ title: "偷改" }),
        }),
      () => submitApplication({ actor: actorOf(ngoB.admin), actorRoles: rolesB, applicationId: id }),
      () => withdrawApplication({ actor: { id: ngoB.admin.userId }, actorRoles: rolesB, applicationId: id }),
    ])
      expect((await refusal(attempt())).status).toBe(404);
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row).toMatchObject({ status: "draft", title: "长者助餐与探访" });
    expect(await loadApplicationForOrg(id, await rolesOf(ngoA.admin))).not.toBeNull();
  });

  test("officials see drafts of nobody; only the call's officials see a submission; others cannot screen", async () => {
    const { id, roles, call, checklist } = await completeDraft();
    expect(await loadApplicationForOfficial(id, await rolesOf(official))).toBeNull();
    await submitApplication({ actor: actorOf(ngoA.admin), actorRoles: roles, applicationId: id });
    expect(await loadApplicationForOfficial(id, await rolesOf(official))).not.toBeNull();
    expect(await loadApplicationForOfficial(id, await rolesOf(otherDistrictOfficial))).toBeNull();
    expect(await loadApplicationForOfficial(id, await rolesOf(ngoA.admin))).toBeNull();
    await closeCall(call.id);
    const checks = checklist.map((c) => ({ itemId: c.id, passed: true }));
    const other = await refusal(
      screenApplication({
        actor: { id: otherDistrictOfficial.userId },
        actorRoles: await rolesOf(otherDistrictOfficial),
        applicationId: id,
        checks,
      }),
    );
    expect(other.status).toBe(404);
    // A street official cannot act on a district (or city) call.
    const street = await refusal(
      screenApplication({
        actor: { id: streetOfficial.userId },
        actorRoles: await rolesOf(streetOfficial),
        applicationId: id,
        checks,
      }),
    );
    expect(street.status).toBe(404);
    const ngo = await refusal(
      returnForRework({
        actor: { id: ngoA.admin.userId },
        actorRoles: roles,
        applicationId: id,
        reason: "x",
        dueAt: new Date(Date.now() + day),
      }),
    );
    expect(ngo.status).toBe(404);
  });
});

describe("attachments", () => {
  function memoryStorage() {
    const files = new Map<string, Uint8Array>();
    const storage = {
      put: async (key: string, bytes: Uint8Array) => void files.set(key, bytes),
      get: async (key: string) => files.get(key) ?? null,
      remove: async (key: string) => void files.delete(key),
    } as unknown as UploadStorage;
    return { files, storage };
  }

  test("a PDF is attached to the application; a file that is not what it claims is refused, nothing kept", async () => {
    const { id, roles } = await completeDraft();
    const mem = memoryStorage();
    const pdf = new File([new TextEncoder().encode("%PDF-1.4 budget")], "预算.pdf", {
      type: "application/pdf",
    });
    await saveDraft({
      actor: actorOf(ngoA.admin),
      actorRoles: roles,
      applicationId: id,
      content: completeContent(),
      files: [pdf],
      storage: mem.storage,
    });
    const rows = await db
      .select()
      .from(attachments)
      .where(and(eq(attachments.subjectType, "funding_application"), eq(attachments.subjectId, id)));
    expect(rows.map((r) => [r.fileName, r.mimeType])).toEqual([["预算.pdf", "application/pdf"]]);
    const fake = new File([new TextEncoder().encode("MZ not a pdf")], "x.pdf", { type: "application/pdf" });
    const r = await refusal(
      saveDraft({
        actor: actorOf(ngoA.admin),
        actorRoles: roles,
        applicationId: id,
        content: completeContent({ title: "改" }),
        files: [fake],
        storage: mem.storage,
      }),
    );
    expect(r.code).toBe("proposals:errors.fileType");
    expect(mem.files.size).toBe(1);
    const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
    expect(row!.title).toBe("长者助餐与探访");
  });
});
