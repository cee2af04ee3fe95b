import { eq } from "drizzle-orm";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import {
  fundingApplications,
  fundingCallAreas,
  fundingCalls,
  fundingChecklistItems,
  fundingCriteria,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { registerPerson, rootCity } from "./account-fixtures";

/**
 * Funding fixtures: direct inserts for the world a test starts from (areas, organisations, calls,
 * submitted applications). The acts a test is about go through the real use-cases.
 */

let serial = 0;
const next = () => `${Date.now().toString(36)}${++serial}`;
const hour = 3_600_000;
const day = 24 * hour;

/** A district, a street inside it and a community inside that, under the root city. */
export async function makeFundingAreas() {
  const city = await rootCity();
  const [cityRow] = await db.select({ path: areas.path }).from(areas).where(eq(areas.id, city.id));
  const s = next();
  const [district] = await db
    .insert(areas)
    .values({
      code: `D${s}`,
      level: "district",
      parentId: city.id,
      path: `${cityRow!.path}D${s}/`,
      depth: 1,
      nameZhCn: "测试区",
      nameZhHk: "測試區",
      nameEn: "Test district",
    })
    .returning();
  const [street] = await db
    .insert(areas)
    .values({
      code: `S${s}`,
      level: "street",
      parentId: district!.id,
      path: `${district!.path}S${s}/`,
      depth: 2,
      nameZhCn: "测试街道",
      nameZhHk: "測試街道",
      nameEn: "Test street",
    })
    .returning();
  const [community] = await db
    .insert(areas)
    .values({
      code: `C${s}`,
      level: "community",
      parentId: street!.id,
      path: `${street!.path}C${s}/`,
      depth: 3,
      nameZhCn: "测试社区",
      nameZhHk: "測試社區",
      nameEn: "Test community",
    })
    .returning();
  return {
    city: { id: city.id, path: cityRow!.path },
    district: district!,
    street: street!,
    community: community!,
  };
}

/** A person holding `role` in `areaId` (and for NGO roles, in `organisationId`). */
export async function makePersonWithRole(
  role:
    | "street_official"
    | "district_official"
    | "city_official"
    | "expert_reviewer"
    | "ngo_admin"
    | "ngo_member"
    | "platform_admin",
  areaId: number,
  organisationId: string | null = null,
  displayName = "测试用户",
) {
  const person = await registerPerson({ displayName });
  await db.insert(roleAssignments).values({ userId: person.userId, role, areaId, organisationId });
  return person;
}

/** A valid GB 32100-2015 code differs per organisation; tests that need one compute it themselves. */
export async function makeOrganisation(
  areaId: number,
  options: { status?: "pending" | "verified" | "rejected"; name?: string; creditCode?: string | null } = {},
) {
  const [org] = await db
    .insert(organisations)
    .values({
      kind: "ngo",
      name: options.name ?? `测试社工服务中心${next()}`,
      nameEn: "Test social work centre",
      creditCode: options.creditCode ?? null,
      areaId,
      status: options.status ?? "verified",
      legalForm: "social_service_agency",
      registrationAuthority: "测试区民政局",
      address: "测试路 1 号",
      contactName: "陈主任",
      contactPhone: "+8613800138000",
      description: "为长者和青少年提供社工服务。",
    })
    .returning();
  return org!;
}

/** An NGO with an admin account. */
export async function makeOrganisationWithAdmin(
  areaId: number,
  options: Parameters<typeof makeOrganisation>[1] = {},
) {
  const org = await makeOrganisation(areaId, options);
  const admin = await makePersonWithRole("ngo_admin", areaId, org.id, "机构管理员");
  return { org, admin };
}

export type CallPhaseName = "draft" | "scheduled" | "open" | "closed";

/** Call times relative to `now` that put a published call in `phase`. */
export function callTimelineFor(phase: CallPhaseName, now = new Date()) {
  const t = now.getTime();
  switch (phase) {
    case "draft":
    case "scheduled":
      return {
        publishAt: new Date(t - hour),
        opensAt: new Date(t + day),
        closesAt: new Date(t + 21 * day),
        reviewEndsAt: new Date(t + 35 * day),
      };
    case "open":
      return {
        publishAt: new Date(t - 10 * day),
        opensAt: new Date(t - 5 * day),
        closesAt: new Date(t + 15 * day),
        reviewEndsAt: new Date(t + 30 * day),
      };
    case "closed":
      return {
        publishAt: new Date(t - 40 * day),
        opensAt: new Date(t - 35 * day),
        closesAt: new Date(t - day),
        reviewEndsAt: new Date(t + 14 * day),
      };
  }
}

export const defaultCriteria = [
  { name: "需求分析与政策契合", nameEn: "Needs and policy fit", maxScore: 10, weight: 20 },
  { name: "项目设计与逻辑", nameEn: "Design and logic model", maxScore: 10, weight: 25 },
  { name: "团队能力", nameEn: "Team capacity", maxScore: 10, weight: 15 },
  { name: "预算合理性与配套", nameEn: "Budget and co-funding", maxScore: 10, weight: 15 },
  { name: "创新性", nameEn: "Innovation", maxScore: 10, weight: 10 },
  { name: "可持续与可复制", nameEn: "Sustainability", maxScore: 10, weight: 10 },
  { name: "风险控制", nameEn: "Risk control", maxScore: 10, weight: 5 },
];

/**
 * A call run by `areaId` (a street, district or city), published and in `phase` unless "draft", with
 * the default 7-criterion rubric (or, for a purchase, the first three criteria re-weighted to 70 plus a
 * price weight of 30) and a two-item checklist.
 */
export async function makeCall(
  areaId: number,
  options: {
    phase?: CallPhaseName;
    kind?: "venture" | "purchase";
    budgetMinor?: number;
    perProjectCapMinor?: number;
    maxGrantSharePercent?: number;
    reviewersPerApplication?: number;
    aggregation?: "mean" | "trimmed_mean";
    createdBy?: string;
    targetAreaIds?: number[];
  } = {},
) {
  const phase = options.phase ?? "open";
  const kind = options.kind ?? "venture";
  const [call] = await db
    .insert(fundingCalls)
    .values({
      kind,
      areaId,
      title: `测试公益创投${next()}`,
      titleEn: "Test venture call",
      description: "资助为老、助残等公益服务项目。",
      descriptionEn: "Grants for elderly and disability services.",
      categories: ["elderly", "disability"],
      status: phase === "draft" ? "draft" : "published",
      budgetMinor: options.budgetMinor ?? 100_000_00,
      perProjectCapMinor: options.perProjectCapMinor ?? 30_000_00,
      maxGrantSharePercent: options.maxGrantSharePercent ?? (kind === "venture" ? 60 : 100),
      priceWeight: kind === "purchase" ? 30 : 0,
      aggregation: options.aggregation ?? "mean",
      reviewersPerApplication: options.reviewersPerApplication ?? 3,
      ...callTimelineFor(phase),
      noticeDays: 7,
      createdBy: options.createdBy ?? null,
      publishedAt: phase === "draft" ? null : new Date(),
    })
    .returning();
  const criteria =
    kind === "purchase"
      ? [
          { ...defaultCriteria[0]!, weight: 25 },
          { ...defaultCriteria[1]!, weight: 30 },
          { ...defaultCriteria[2]!, weight: 15 },
        ]
      : defaultCriteria;
  const criterionRows = await db
    .insert(fundingCriteria)
    .values(criteria.map((c, i) => ({ ...c, callId: call!.id, position: i + 1, description: "" })))
    .returning();
  const checklist = await db
    .insert(fundingChecklistItems)
    .values([
      {
        callId: call!.id,
        position: 1,
        label: "在登记管理机关登记，能独立承担民事责任",
        labelEn: "Registered and able to bear civil liability",
      },
      { callId: call!.id, position: 2, label: "项目在章程业务范围内", labelEn: "Within the chartered scope" },
    ])
    .returning();
  for (const id of options.targetAreaIds ?? [areaId])
    await db.insert(fundingCallAreas).values({ callId: call!.id, areaId: id });
  return { call: call!, criteria: criterionRows, checklist };
}

/** A complete application; `status` "submitted" by default (as if submitted before the close). */
export async function makeApplication(
  callId: string,
  organisationId: string,
  options: {
    status?: "draft" | "submitted" | "eligible" | "ineligible";
    requestedMinor?: number;
    selfRaisedMinor?: number;
    createdBy?: string;
  } = {},
) {
  const requested = options.requestedMinor ?? 20_000_00;
  const selfRaised = options.selfRaisedMinor ?? 15_000_00;
  const total = requested + selfRaised;
  const status = options.status ?? "submitted";
  const [row] = await db
    .insert(fundingApplications)
    .values({
      callId,
      organisationId,
      status,
      title: `长者助餐与探访${next()}`,
      summary: "为社区独居长者提供助餐和每周探访。",
      needs: "社区 60 岁以上独居长者 120 人，缺少日常照护。",
      beneficiaries: "独居长者",
      beneficiaryCount: 120,
      objectives: "每周探访每位长者一次。",
      activities: [{ activity: "招募探访义工", timing: "第 1 个月" }],
      indicators: [{ indicator: "探访人次", target: "2400" }],
      team: "社工 3 名，义工 20 名。",
      budgetLines: [
        { category: "personnel", item: "社工补贴", amountMinor: Math.round(total * 0.6) },
        { category: "activities", item: "助餐与活动", amountMinor: total - Math.round(total * 0.6) },
      ],
      projectTotalMinor: total,
      selfRaisedMinor: selfRaised,
      requestedMinor: requested,
      createdBy: options.createdBy ?? null,
      submittedAt: status === "draft" ? null : new Date(Date.now() - 2 * day),
    })
    .returning();
  return row!;
}
