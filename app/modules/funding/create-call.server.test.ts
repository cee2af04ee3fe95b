import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import {
  fundingCallAreas,
  fundingCallProjects,
  fundingCalls,
  fundingChecklistItems,
  fundingCriteria,
} from "~db/schema/funding";
import { timelineEntries } from "~db/schema/livelihood";
import { auditEntries } from "~db/schema/ledger";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { makeAdoptedProject, callFields } from "../../../tests/helpers/funding-calls-fixtures";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "../../../tests/helpers/funding-fixtures";
import { cancelCall } from "./cancel-call.server";
import { callPage, loadCallForManagement } from "./call-queries.server";
import { createCall } from "./create-call.server";
import { canBuyProject } from "./livelihood-projects-link.server";
import { publishCall } from "./publish-call.server";
import { addCallDocuments, removeCallDocument, updateCall } from "./update-call.server";

const DAY = 86_400_000;

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code.split("|")[0], status: error.status };
    throw error;
  }
  throw new Error("expected a refusal");
}

type Person = {
  actor: { id: string; pseudonymSeed: string | null };
  roles: Awaited<ReturnType<typeof listActiveRoles>>;
};

async function person(
  role: Parameters<typeof makePersonWithRole>[0],
  areaId: number,
  orgId: string | null = null,
) {
  const p = await makePersonWithRole(role, areaId, orgId);
  return { actor: p.user, roles: await listActiveRoles(p.userId) } satisfies Person;
}

let areas: Awaited<ReturnType<typeof makeFundingAreas>>;
let other: Awaited<ReturnType<typeof makeFundingAreas>>;
let streetOfficial: Person;
let districtOfficial: Person;
let otherDistrictOfficial: Person;
let cityOfficial: Person;
let ngoMember: Person;

beforeAll(async () => {
  areas = await makeFundingAreas();
  other = await makeFundingAreas();
  streetOfficial = await person("street_official", areas.street.id);
  districtOfficial = await person("district_official", areas.district.id);
  otherDistrictOfficial = await person("district_official", other.district.id);
  cityOfficial = await person("city_official", areas.city.id);
  const { org } = await makeOrganisationWithAdmin(areas.street.id);
  ngoMember = await person("ngo_member", areas.street.id, org.id);
});

describe("createCall", () => {
  test("a street official drafts a call: rubric, checklist, target areas, audit and timeline in one go", async () => {
    const now = new Date();
    const { id } = await createCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      areaId: areas.street.id,
      fields: callFields(now, { targetAreaIds: [areas.community.id] }),
      now,
    });
    const [call] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, id));
    expect(call).toMatchObject({ status: "draft", kind: "venture", budgetMinor: 500_000_00, priceWeight: 0 });
    const criteria = await db.select().from(fundingCriteria).where(eq(fundingCriteria.callId, id));
    expect(criteria.map((c) => [c.position, c.weight]).sort()).toEqual([
      [1, 60],
      [2, 40],
    ]);
    expect(
      await db.select().from(fundingChecklistItems).where(eq(fundingChecklistItems.callId, id)),
    ).toHaveLength(1);
    expect(
      (await db.select().from(fundingCallAreas).where(eq(fundingCallAreas.callId, id))).map((a) => a.areaId),
    ).toEqual([areas.community.id]);
    const audit = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "call.created")));
    expect(audit).toHaveLength(1);
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((e) => e.kind)).toEqual(["calls:timeline.created"]);
  });

  test("targets default to the call's own area; a target outside it is refused", async () => {
    const { id } = await createCall({
      actor: districtOfficial.actor,
      actorRoles: districtOfficial.roles,
      areaId: areas.district.id,
      fields: callFields(),
    });
    expect(
      (await db.select().from(fundingCallAreas).where(eq(fundingCallAreas.callId, id))).map((a) => a.areaId),
    ).toEqual([areas.district.id]);
    expect(
      await refusal(
        createCall({
          actor: districtOfficial.actor,
          actorRoles: districtOfficial.roles,
          areaId: areas.district.id,
          fields: callFields(new Date(), { targetAreaIds: [other.street.id] }),
        }),
      ),
    ).toEqual({ code: "calls:errors.targetOutsideArea", status: 422 });
  });

  test("authorization: only officials, for their own area or one inside it, at street level or above", async () => {
    const fields = callFields();
    const attempt = (p: Person, areaId: number) =>
      createCall({ actor: p.actor, actorRoles: p.roles, areaId, fields });
    expect(await refusal(attempt(streetOfficial, areas.city.id))).toEqual({
      code: "calls:errors.notYourCall",
      status: 403,
    });
    expect(await refusal(attempt(otherDistrictOfficial, areas.street.id))).toEqual({
      code: "calls:errors.notYourCall",
      status: 403,
    });
    expect(await refusal(attempt(ngoMember, areas.street.id))).toEqual({
      code: "calls:errors.notYourCall",
      status: 403,
    });
    expect(await refusal(attempt(cityOfficial, areas.community.id))).toEqual({
      code: "calls:errors.governmentLevel",
      status: 422,
    });
    await expect(attempt(cityOfficial, areas.street.id)).resolves.toHaveProperty("id");
  });

  test("a crafted request breaking the rules is refused and writes nothing", async () => {
    const before = await db.select({ id: fundingCalls.id }).from(fundingCalls);
    expect(
      await refusal(
        createCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          areaId: areas.street.id,
          fields: callFields(new Date(), { perProjectCapMinor: 600_000_00 }),
        }),
      ),
    ).toEqual({ code: "calls:errors.capOverBudget", status: 422 });
    expect(await db.select({ id: fundingCalls.id }).from(fundingCalls)).toHaveLength(before.length);
  });
});

describe("creating a call from adopted livelihood projects", () => {
  test("links offerable projects of the official's area, refuses others", async () => {
    const project = await makeAdoptedProject(areas.street.id, areas.community.id);
    const assigned = await makeAdoptedProject(areas.street.id, areas.community.id, { responsible: true });
    const elsewhere = await makeAdoptedProject(other.street.id, other.community.id);
    expect(await canBuyProject(streetOfficial.roles, project.id)).toBe(true);
    expect(await canBuyProject(streetOfficial.roles, assigned.id)).toBe(false);
    expect(await canBuyProject(streetOfficial.roles, elsewhere.id)).toBe(false);
    expect(await canBuyProject(ngoMember.roles, project.id)).toBe(false);

    const { id } = await createCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      areaId: areas.street.id,
      fields: callFields(new Date(), {
        kind: "purchase",
        priceWeight: 30,
        maxGrantSharePercent: 100,
        criteria: [{ name: "服务方案", nameEn: "", description: "", maxScore: 10, weight: 70 }],
      }),
      projectIds: [project.id],
    });
    expect(await db.select().from(fundingCallProjects).where(eq(fundingCallProjects.callId, id))).toEqual([
      { callId: id, projectId: project.id },
    ]);
    const page = await callPage(id, { id: streetOfficial.actor.id, roles: streetOfficial.roles });
    expect(page?.projects.map((p) => p.id)).toEqual([project.id]);

    for (const bad of [assigned.id, elsewhere.id])
      expect(
        await refusal(
          createCall({
            actor: streetOfficial.actor,
            actorRoles: streetOfficial.roles,
            areaId: areas.street.id,
            fields: callFields(),
            projectIds: [project.id, bad],
          }),
        ),
      ).toEqual({ code: "calls:errors.projectNotOfferable", status: 422 });
  });
});

describe("updateCall", () => {
  test("everything may change before the opening; from the opening second on the rubric is frozen", async () => {
    const now = new Date();
    const fields = callFields(now);
    const { id } = await createCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      areaId: areas.street.id,
      fields,
    });
    await publishCall({ actor: streetOfficial.actor, actorRoles: streetOfficial.roles, callId: id, now });
    const justBefore = new Date(fields.opensAt.getTime() - 1000);
    const changed = {
      ...fields,
      criteria: [{ name: "唯一标准", nameEn: "", description: "", maxScore: 5, weight: 100 }],
    };
    await updateCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      callId: id,
      full: true,
      fields: changed,
      now: justBefore,
    });
    expect(await db.select().from(fundingCriteria).where(eq(fundingCriteria.callId, id))).toHaveLength(1);
    expect(
      await refusal(
        updateCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: id,
          full: true,
          fields: { ...changed, budgetMinor: 400_000_00 },
          now: fields.opensAt,
        }),
      ),
    ).toEqual({ code: "calls:errors.rubricFrozen", status: 409 });
    const [still] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, id));
    expect(still!.budgetMinor).toBe(500_000_00);

    const texts = {
      title: "改正后的标题",
      titleEn: "Corrected title",
      description: "补充说明",
      descriptionEn: "",
      reviewEndsAt: new Date(fields.reviewEndsAt.getTime() + 2 * DAY),
      noticeDays: 10,
    };
    await updateCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      callId: id,
      full: false,
      fields: texts,
      now: fields.opensAt,
    });
    const [after] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, id));
    expect(after).toMatchObject({ title: "改正后的标题", noticeDays: 10 });
    expect(
      await refusal(
        updateCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: id,
          full: false,
          fields: { ...texts, reviewEndsAt: fields.reviewEndsAt },
          now: fields.opensAt,
        }),
      ),
    ).toEqual({ code: "calls:errors.reviewEndsEarlier", status: 422 });
    expect(
      await refusal(
        updateCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: id,
          full: false,
          fields: { ...texts, noticeDays: 5 },
          now: fields.opensAt,
        }),
      ),
    ).toEqual({ code: "calls:errors.noticeShorter", status: 422 });
    const audits = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "call.updated")));
    expect(audits).toHaveLength(2);
  });

  test("a street official cannot edit a city call; a city official can edit a street call", async () => {
    const { call: cityCall } = await makeCall(areas.city.id, { phase: "scheduled" });
    const { call: streetCall } = await makeCall(areas.street.id, { phase: "scheduled" });
    const fields = callFields();
    expect(
      await refusal(
        updateCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: cityCall.id,
          full: true,
          fields,
        }),
      ),
    ).toEqual({ code: "calls:errors.notYourCall", status: 403 });
    await updateCall({
      actor: cityOfficial.actor,
      actorRoles: cityOfficial.roles,
      callId: streetCall.id,
      full: true,
      fields,
    });
    const { call: draft } = await makeCall(areas.city.id, { phase: "draft" });
    // A draft someone else runs does not exist for them.
    expect(await refusal(loadCallForManagement(draft.id, streetOfficial.roles))).toEqual({
      code: "calls:errors.callNotFound",
      status: 404,
    });
    expect(await refusal(loadCallForManagement("not-a-uuid", cityOfficial.roles))).toEqual({
      code: "calls:errors.callNotFound",
      status: 404,
    });
  });

  test("two officials saving at once are serialised: both land, neither is lost", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "scheduled" });
    await Promise.all(
      [streetOfficial, districtOfficial].map((p, i) =>
        updateCall({
          actor: p.actor,
          actorRoles: p.roles,
          callId: call.id,
          full: true,
          fields: callFields(new Date(), { title: `标题${i}` }),
        }),
      ),
    );
    expect(await db.select().from(fundingCriteria).where(eq(fundingCriteria.callId, call.id))).toHaveLength(
      2,
    );
  });
});

describe("publishCall", () => {
  test("needs a rubric and a checklist; a future publish time makes it scheduled and invisible until then", async () => {
    const now = new Date();
    const { id } = await createCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      areaId: areas.street.id,
      fields: callFields(now, { criteria: [], checklist: [] }),
    });
    expect(
      await refusal(
        publishCall({ actor: streetOfficial.actor, actorRoles: streetOfficial.roles, callId: id }),
      ),
    ).toEqual({
      code: "calls:errors.needsCriterion",
      status: 422,
    });
    const future = callFields(now, {
      publishAt: new Date(now.getTime() + 2 * DAY),
      opensAt: new Date(now.getTime() + 3 * DAY),
    });
    await updateCall({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      callId: id,
      full: true,
      fields: future,
    });
    expect(await callPage(id, null)).toBeNull();
    await publishCall({ actor: streetOfficial.actor, actorRoles: streetOfficial.roles, callId: id, now });
    expect(await callPage(id, null, now)).toBeNull();
    expect((await callPage(id, null, new Date(now.getTime() + 2 * DAY)))?.phase).toBe("scheduled");
    expect(
      await refusal(
        publishCall({ actor: streetOfficial.actor, actorRoles: streetOfficial.roles, callId: id }),
      ),
    ).toEqual({
      code: "calls:errors.notDraft",
      status: 409,
    });
    const timeline = await db.select().from(timelineEntries).where(eq(timelineEntries.subjectId, id));
    expect(timeline.map((e) => e.kind)).toContain("calls:timeline.published");
    expect(
      await db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.subjectId, id), eq(auditEntries.action, "call.published"))),
    ).toHaveLength(1);
  });

  test("an NGO member cannot publish (the draft is a 404 to them)", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "draft" });
    expect(
      await refusal(publishCall({ actor: ngoMember.actor, actorRoles: ngoMember.roles, callId: call.id })),
    ).toEqual({
      code: "calls:errors.callNotFound",
      status: 404,
    });
  });
});

describe("cancelCall", () => {
  test("cancels with a public reason, notifies the applicants' admins, and cannot cancel twice", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const { org, admin } = await makeOrganisationWithAdmin(areas.street.id);
    await makeApplication(call.id, org.id);
    expect(
      await refusal(
        cancelCall({
          actor: ngoMember.actor,
          actorRoles: ngoMember.roles,
          callId: call.id,
          reason: "不办了",
        }),
      ),
    ).toEqual({ code: "calls:errors.notYourCall", status: 403 });
    await cancelCall({
      actor: districtOfficial.actor,
      actorRoles: districtOfficial.roles,
      callId: call.id,
      reason: "预算调整",
    });
    const [row] = await db.select().from(fundingCalls).where(eq(fundingCalls.id, call.id));
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "预算调整" });
    const told = await db.select().from(notifications).where(eq(notifications.userId, admin.userId));
    expect(told.map((n) => n.kind)).toContain("calls:notifications.cancelled");
    expect(
      await db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.subjectId, call.id), eq(auditEntries.action, "call.cancelled"))),
    ).toHaveLength(1);
    expect(
      await refusal(
        cancelCall({
          actor: districtOfficial.actor,
          actorRoles: districtOfficial.roles,
          callId: call.id,
          reason: "再取消",
        }),
      ),
    ).toEqual({ code: "calls:errors.alreadyCancelled", status: 409 });
    // Still public, with its reason: it was published before.
    expect((await callPage(call.id, null))?.phase).toBe("cancelled");
  });

  test("two cancellations at once: exactly one lands", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const results = await Promise.allSettled(
      [streetOfficial, districtOfficial].map((p) =>
        cancelCall({ actor: p.actor, actorRoles: p.roles, callId: call.id, reason: "重复取消" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isDomainError(failed.reason) && failed.reason.code).toBe("calls:errors.alreadyCancelled");
    expect(
      await db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.subjectId, call.id), eq(auditEntries.action, "call.cancelled"))),
    ).toHaveLength(1);
  });

  test("an awarded call cannot be cancelled", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "closed" });
    await db.update(fundingCalls).set({ status: "awarded" }).where(eq(fundingCalls.id, call.id));
    expect(
      await refusal(
        cancelCall({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: call.id,
          reason: "x",
        }),
      ),
    ).toEqual({ code: "calls:errors.alreadyAwarded", status: 409 });
  });
});

describe("call documents", () => {
  function memoryStorage() {
    const files = new Map<string, Uint8Array<ArrayBuffer>>();
    const storage = {
      put: async (key: string, bytes: Uint8Array) => void files.set(key, new Uint8Array(bytes)),
      get: async (key: string) => files.get(key) ?? null,
      remove: async (key: string) => void files.delete(key),
    };
    return { files, storage };
  }
  const pdf = () => new File([new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n")], "申报指南.pdf");

  test("an official adds a PDF (audited, on the timeline) and removes it; a fake file is refused", async () => {
    const { call } = await makeCall(areas.street.id, { phase: "open" });
    const { files, storage } = memoryStorage();
    await addCallDocuments({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      callId: call.id,
      files: [pdf()],
      storage,
    });
    const page = await callPage(call.id, null);
    expect(page?.documents.map((d) => [d.fileName, d.mimeType])).toEqual([
      ["申报指南.pdf", "application/pdf"],
    ]);
    expect(files.size).toBe(1);
    expect(page?.timeline.map((e) => e.kind)).toContain("calls:timeline.documentsAdded");
    expect(
      await refusal(
        addCallDocuments({
          actor: streetOfficial.actor,
          actorRoles: streetOfficial.roles,
          callId: call.id,
          files: [new File(["not a pdf"], "fake.pdf")],
          storage,
        }),
      ),
    ).toEqual({ code: "proposals:errors.fileType", status: 422 });
    expect(
      await refusal(
        addCallDocuments({
          actor: ngoMember.actor,
          actorRoles: ngoMember.roles,
          callId: call.id,
          files: [pdf()],
          storage,
        }),
      ),
    ).toEqual({ code: "calls:errors.notYourCall", status: 403 });
    await removeCallDocument({
      actor: streetOfficial.actor,
      actorRoles: streetOfficial.roles,
      callId: call.id,
      attachmentId: page!.documents[0]!.id,
      storage,
    });
    expect((await callPage(call.id, null))?.documents).toEqual([]);
    expect(files.size).toBe(0);
  });
});
