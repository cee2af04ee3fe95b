import { eq } from "drizzle-orm";
import { fundingApplications, organisationDeclarations } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import type { ApplicationContent } from "~/modules/funding/application-schemas";

/** A complete application that passes a 60% share rule and a ¥30,000 cap (¥20,000 of ¥35,000). */
export function completeContent(overrides: Partial<ApplicationContent> = {}): ApplicationContent {
  return {
    title: "长者助餐与探访",
    summary: "为社区独居长者提供助餐和每周探访。",
    needs: "社区 60 岁以上独居长者 120 人，缺少日常照护。",
    beneficiaries: "独居长者",
    beneficiaryCount: 120,
    objectives: "每周探访每位长者一次。",
    activities: [{ activity: "招募探访义工", timing: "第 1 个月" }],
    indicators: [{ indicator: "探访人次", target: "2400" }],
    team: "社工 3 名，义工 20 名。",
    budgetLines: [
      { category: "personnel", item: "社工补贴", amountMinor: 21_000_00 },
      { category: "activities", item: "助餐与活动", amountMinor: 14_000_00 },
    ],
    selfRaisedMinor: 15_000_00,
    requestedMinor: 20_000_00,
    livelihoodProjectId: null,
    ...overrides,
  };
}

/** The organisation's integrity declaration (all three clean), as the organisations feature stores it. */
export async function declareIntegrity(organisationId: string, declarantName = "陈主任") {
  await db.insert(organisationDeclarations).values({
    organisationId,
    declarantName,
    notAbnormal1y: true,
    notSeriousViolation2y: true,
    noMajorViolation3y: true,
  });
}

/** The stored application row (for route tests, which may not read the schema themselves). */
export async function applicationRow(id: string) {
  const [row] = await db.select().from(fundingApplications).where(eq(fundingApplications.id, id));
  return row!;
}
