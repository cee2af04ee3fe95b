import { livelihoodProjects } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { CallFields } from "~/modules/funding/call-schemas";
import { makeProposal, makeScheme } from "./livelihood-fixtures";
import { makeUser } from "./residency-fixtures";

const DAY = 86_400_000;

/** Sound venture-call fields whose window starts `opensInDays` from `now` (a day by default). */
export function callFields(now = new Date(), overrides: Partial<CallFields> = {}): CallFields {
  const t = now.getTime();
  return {
    kind: "venture",
    title: "2027 年长者服务公益创投",
    titleEn: "2027 elderly-care venture grants",
    description: "资助社区长者服务项目。",
    descriptionEn: "Grants for community elderly care.",
    categories: ["elderly"],
    targetAreaIds: [],
    budgetMinor: 500_000_00,
    perProjectCapMinor: 100_000_00,
    maxGrantSharePercent: 60,
    priceWeight: 0,
    aggregation: "mean",
    reviewersPerApplication: 3,
    criteria: [
      { name: "需求分析", nameEn: "Needs", description: "是否切合社区需求", maxScore: 10, weight: 60 },
      { name: "项目设计", nameEn: "Design", description: "", maxScore: 10, weight: 40 },
    ],
    checklist: [{ label: "已在民政部门登记", labelEn: "Registered with civil affairs" }],
    publishAt: new Date(t - DAY),
    opensAt: new Date(t + DAY),
    closesAt: new Date(t + 30 * DAY),
    reviewEndsAt: new Date(t + 45 * DAY),
    noticeDays: 7,
    ...overrides,
  };
}

/**
 * An adopted livelihood project in `communityId` (a scheme of `schemeAreaId`), being implemented and,
 * unless `responsible`, with nobody made responsible yet.
 */
export async function makeAdoptedProject(
  schemeAreaId: number,
  communityId: number,
  options: {
    responsible?: boolean;
    status?: "implementing" | "accepted";
    title?: string;
    costMinor?: number;
  } = {},
) {
  const scheme = await makeScheme(schemeAreaId, { phase: "counting" });
  const author = await makeUser("提案居民");
  const proposal = await makeProposal(scheme, author, communityId, {
    status: "selected",
    title: options.title ?? "长者饭堂送餐服务",
    type: "service",
    estimatedCostMinor: options.costMinor ?? 80_000_00,
  });
  const [project] = await db
    .insert(livelihoodProjects)
    .values({
      proposalId: proposal.id,
      schemeId: scheme.id,
      areaId: communityId,
      status: options.status ?? "implementing",
      responsibleKind: options.responsible ? "committee" : null,
      responsibleName: options.responsible ? "居委会" : null,
    })
    .returning();
  return project!;
}
