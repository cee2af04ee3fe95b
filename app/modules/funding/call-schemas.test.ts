import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import {
  callRuleIssues,
  CreateCallSchema,
  criteriaWeightTarget,
  EditFrozenCallSchema,
  publishIssues,
  type CallFields,
} from "./call-schemas";

const at = (s: string) => new Date(`${s}+08:00`);

function fields(overrides: Partial<CallFields> = {}): CallFields {
  return {
    kind: "venture",
    title: "2027 年公益创投",
    titleEn: "",
    description: "",
    descriptionEn: "",
    categories: ["elderly"],
    targetAreaIds: [],
    budgetMinor: 1_000_000_00,
    perProjectCapMinor: 200_000_00,
    maxGrantSharePercent: 60,
    priceWeight: 0,
    aggregation: "mean",
    reviewersPerApplication: 3,
    criteria: [
      { name: "需求", nameEn: "", description: "", maxScore: 10, weight: 60 },
      { name: "设计", nameEn: "", description: "", maxScore: 10, weight: 40 },
    ],
    checklist: [{ label: "已登记", labelEn: "" }],
    publishAt: at("2027-01-01T09:00:00"),
    opensAt: at("2027-01-05T09:00:00"),
    closesAt: at("2027-02-05T18:00:00"),
    reviewEndsAt: at("2027-03-01T18:00:00"),
    noticeDays: 7,
    ...overrides,
  };
}

const messages = (f: CallFields) => callRuleIssues(f).map((i) => i.message.split("|")[0]);

describe("callRuleIssues", () => {
  it("accepts a sound venture call and a sound purchase", () => {
    expect(callRuleIssues(fields())).toEqual([]);
    expect(
      callRuleIssues(
        fields({
          kind: "purchase",
          priceWeight: 30,
          maxGrantSharePercent: 100,
          criteria: [{ name: "方案", nameEn: "", description: "", maxScore: 10, weight: 70 }],
        }),
      ),
    ).toEqual([]);
  });

  it("refuses venture weights that do not add up to 100", () => {
    const f = fields({ criteria: [{ name: "需求", nameEn: "", description: "", maxScore: 10, weight: 90 }] });
    expect(callRuleIssues(f)).toEqual([
      { path: "criteria", message: 'calls:errors.weightsVenture|{"sum":90}' },
    ]);
  });

  it("refuses purchase weights that do not add up to 100 with the price weight", () => {
    const f = fields({
      kind: "purchase",
      priceWeight: 30,
      criteria: [{ name: "方案", nameEn: "", description: "", maxScore: 10, weight: 100 }],
    });
    expect(messages(f)).toEqual(["calls:errors.weightsPurchase"]);
    expect(criteriaWeightTarget("purchase", 30)).toBe(70);
    expect(criteriaWeightTarget("venture", 0)).toBe(100);
  });

  it("requires a price weight of 1–90 for purchases and 0 for ventures", () => {
    expect(messages(fields({ kind: "purchase", priceWeight: 0 }))).toContain("calls:errors.priceWeightRange");
    expect(messages(fields({ kind: "purchase", priceWeight: 91 }))).toContain(
      "calls:errors.priceWeightRange",
    );
    expect(messages(fields({ priceWeight: 10 }))).toContain("calls:errors.priceWeightVenture");
  });

  it("refuses a per-project cap above the budget (equal is fine)", () => {
    expect(messages(fields({ perProjectCapMinor: 1_000_000_01 }))).toEqual(["calls:errors.capOverBudget"]);
    expect(messages(fields({ perProjectCapMinor: 1_000_000_00 }))).toEqual([]);
  });

  it("checks the timeline order: publish ≤ open < close ≤ review end", () => {
    expect(messages(fields({ publishAt: at("2027-01-06T09:00:00") }))).toEqual([
      "calls:errors.opensBeforePublish",
    ]);
    expect(messages(fields({ publishAt: at("2027-01-05T09:00:00") }))).toEqual([]);
    expect(messages(fields({ closesAt: at("2027-01-05T09:00:00") }))).toEqual([
      "calls:errors.closesBeforeOpens",
    ]);
    expect(messages(fields({ reviewEndsAt: at("2027-02-05T17:59:00") }))).toEqual([
      "calls:errors.reviewBeforeClose",
    ]);
    expect(messages(fields({ reviewEndsAt: at("2027-02-05T18:00:00") }))).toEqual([]);
  });

  it("caps the rubric at 12 criteria and the checklist at 20 items", () => {
    const criteria = Array.from({ length: 13 }, (_, i) => ({
      name: `c${i}`,
      nameEn: "",
      description: "",
      maxScore: 10,
      weight: i < 12 ? 8 : 4,
    }));
    expect(messages(fields({ criteria }))).toEqual(["calls:errors.tooManyCriteria"]);
    const checklist = Array.from({ length: 21 }, (_, i) => ({ label: `i${i}`, labelEn: "" }));
    expect(messages(fields({ checklist }))).toEqual(["calls:errors.tooManyChecklistItems"]);
  });

  it("lets a draft have no rubric yet, but publishing needs one criterion and one checklist item", () => {
    expect(callRuleIssues(fields({ criteria: [], checklist: [] }))).toEqual([]);
    expect(publishIssues({ criteria: [], checklist: [] }).map((i) => i.message)).toEqual([
      "calls:errors.needsCriterion",
      "calls:errors.needsChecklist",
    ]);
    expect(publishIssues(fields())).toEqual([]);
  });

  it("requires a category", () => {
    expect(messages(fields({ categories: [] }))).toEqual(["calls:errors.categoriesRequired"]);
  });
});

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of [v].flat()) data.append(k, one);
  return data;
}

const base = {
  areaId: "1",
  kind: "venture",
  title: "2027 年公益创投",
  categories: ["elderly", "youth"],
  budget: "1,000,000",
  perProjectCap: "200000.50",
  reviewersPerApplication: "3",
  "criteria[0].name": "需求",
  "criteria[0].maxScore": "10",
  "criteria[0].weight": "60",
  "criteria[1].name": "",
  "criteria[1].weight": "",
  "criteria[2].name": "设计",
  "criteria[2].maxScore": "20",
  "criteria[2].weight": "40",
  "checklist[0].label": "",
  "checklist[1].label": "已登记",
  publishAt: "2027-01-01T09:00",
  opensAt: "2027-01-05T09:00",
  closesAt: "2027-02-05T18:00",
  reviewEndsAt: "2027-03-01T18:00",
  noticeDays: "7",
};

describe("CreateCallSchema", () => {
  it("parses yuan to fen, Guangzhou times, ignores blank rows and defaults the share by kind", () => {
    const s = parseWithZod(form(base), { schema: CreateCallSchema });
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    const f = s.value.fields;
    expect(f.budgetMinor).toBe(1_000_000_00);
    expect(f.perProjectCapMinor).toBe(200_000_50);
    expect(f.maxGrantSharePercent).toBe(60);
    expect(f.priceWeight).toBe(0);
    expect(f.criteria.map((c) => c.name)).toEqual(["需求", "设计"]);
    expect(f.checklist).toEqual([{ label: "已登记", labelEn: "" }]);
    expect(f.opensAt.toISOString()).toBe("2027-01-05T01:00:00.000Z");
    const purchase = parseWithZod(
      form({ ...base, kind: "purchase", priceWeight: "0", "criteria[0].weight": "30" }),
      { schema: CreateCallSchema },
    );
    expect(purchase.status).toBe("error");
    const ok = parseWithZod(
      form({ ...base, kind: "purchase", priceWeight: "30", "criteria[2].weight": "10" }),
      {
        schema: CreateCallSchema,
      },
    );
    expect(ok.status === "success" && ok.value.fields.maxGrantSharePercent).toBe(100);
  });

  it("puts rule errors beside their fields", () => {
    const s = parseWithZod(
      form({ ...base, perProjectCap: "2000000", "criteria[2].weight": "50", closesAt: "2027-01-04T09:00" }),
      { schema: CreateCallSchema },
    );
    expect(s.status).toBe("error");
    const errors = s.reply().error ?? {};
    expect(errors.perProjectCap).toEqual(["calls:errors.capOverBudget"]);
    expect(errors.criteria?.[0]).toMatch(/^calls:errors.weightsVenture/);
    expect(errors.closesAt).toEqual(["calls:errors.closesBeforeOpens"]);
  });

  it("refuses bad values with catalogue keys", () => {
    const s = parseWithZod(
      form({
        ...base,
        budget: "abc",
        reviewersPerApplication: "10",
        noticeDays: "2",
        opensAt: "2027-02-30T09:00",
        "criteria[0].maxScore": "101",
      }),
      { schema: CreateCallSchema },
    );
    const errors = s.reply().error ?? {};
    expect(errors.budget).toEqual(["calls:errors.notAmount"]);
    expect(errors.reviewersPerApplication?.[0]).toMatch(/^calls:errors.atMost/);
    expect(errors.noticeDays?.[0]).toMatch(/^calls:errors.atLeast/);
    expect(errors.opensAt).toEqual(["calls:errors.notDateTime"]);
    expect(errors["criteria[0].maxScore"]?.[0]).toMatch(/^calls:errors.atMost/);
  });

  it("needs a name on a row that has a weight", () => {
    const s = parseWithZod(form({ ...base, "criteria[1].weight": "5" }), { schema: CreateCallSchema });
    expect(s.reply().error?.["criteria[1].name"]).toEqual(["errors:required"]);
  });
});

describe("EditFrozenCallSchema", () => {
  it("takes only the texts, the review end and the notice days", () => {
    const s = parseWithZod(form({ ...base, intent: "save" }), { schema: EditFrozenCallSchema });
    expect(s.status).toBe("success");
    if (s.status === "success")
      expect(Object.keys(s.value.fields).sort()).toEqual(
        ["description", "descriptionEn", "noticeDays", "reviewEndsAt", "title", "titleEn"].sort(),
      );
  });
});
