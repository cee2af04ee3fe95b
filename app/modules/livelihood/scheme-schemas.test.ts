import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { CreateSchemeSchema, EditPublishedSchemeSchema, ScreenProposalSchema } from "./scheme-schemas";
import { fenToYuanInput, parseYuan } from "~/lib/money";
import { parseShanghaiLocal, toShanghaiLocal } from "~/lib/shanghai-time";

describe("parseYuan", () => {
  test.each([
    ["100000", 100_000_00],
    ["100,000.50", 100_000_50],
    ["100,000.5", 100_000_50],
    ["¥ 3,000", 3_000_00],
    ["0.01", 1],
    ["1，234", 1_234_00],
  ])("%s → %d fen", (text, fen) => expect(parseYuan(text)).toBe(fen));

  test.each(["", "abc", "1,00", "12.345", "-5", "1e5", "1,000,00.5", "99999999999999999999"])(
    "%s is not an amount",
    (text) => expect(parseYuan(text)).toBeNull(),
  );

  test("round trip to a form value", () => {
    expect(fenToYuanInput(100_000_00)).toBe("100000");
    expect(fenToYuanInput(100_000_50)).toBe("100000.5");
    expect(fenToYuanInput(100_000_05)).toBe("100000.05");
  });
});

describe("Guangzhou local time", () => {
  test("datetime-local is read as UTC+8", () => {
    expect(parseShanghaiLocal("2026-12-12T18:00")?.toISOString()).toBe("2026-12-12T10:00:00.000Z");
    expect(toShanghaiLocal(new Date("2026-12-12T10:00:00Z"))).toBe("2026-12-12T18:00");
    expect(parseShanghaiLocal("2027-02-30T10:00")).toBeNull();
    expect(parseShanghaiLocal("tomorrow")).toBeNull();
  });
});

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) for (const x of [v].flat()) data.append(k, x);
  return data;
}

const valid = {
  areaId: "12",
  title: "2027 微实事",
  budget: "100,000",
  capWorks: "80000",
  categories: ["elderly", "children"],
  supportThreshold: "10",
  supportWindowDays: "14",
  maxProposalsPerResident: "3",
  collectionOpensAt: "2027-01-01T09:00",
  collectionClosesAt: "2027-01-31T18:00",
  votingOpensAt: "2027-02-10T09:00",
  votingClosesAt: "2027-02-17T18:00",
  noticeDays: "7",
  votingMethod: "budget",
  countingRule: "equal-shares",
};

describe("CreateSchemeSchema", () => {
  test("a complete form parses to fen and instants", () => {
    const s = parseWithZod(form(valid), { schema: CreateSchemeSchema });
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    expect(s.value.fields).toMatchObject({
      budgetMinor: 100_000_00,
      capWorksMinor: 80_000_00,
      capServiceMinor: null,
      categories: ["elderly", "children"],
      countingRule: "equal-shares",
      maxChoices: null,
    });
    expect(s.value.fields.votingClosesAt.toISOString()).toBe("2027-02-17T10:00:00.000Z");
    expect(s.value.areaId).toBe(12);
  });

  const errorsOf = (values: Record<string, string | string[]>) => {
    const s = parseWithZod(form(values), { schema: CreateSchemeSchema });
    return s.status === "success" ? {} : (s.error ?? {});
  };

  test("bad amounts, missing categories, unknown category", () => {
    expect(errorsOf({ ...valid, budget: "十万" }).budget).toEqual(["schemes:form.errors.notAmount"]);
    expect(errorsOf({ ...valid, budget: "0" }).budget).toEqual(["schemes:form.errors.amountPositive"]);
    expect(errorsOf({ ...valid, categories: [] }).categories).toEqual([
      "schemes:form.errors.categoriesRequired",
    ]);
    expect(errorsOf({ ...valid, categories: ["casino"] })["categories[0]"]).toBeDefined();
  });

  test("cross-field rules: timeline order, caps within budget, K for approval, size for council", () => {
    expect(errorsOf({ ...valid, collectionClosesAt: "2027-01-01T09:00" }).collectionClosesAt).toEqual([
      "schemes:form.errors.collectionOrder",
    ]);
    expect(errorsOf({ ...valid, votingOpensAt: "2027-01-31T17:59" }).votingOpensAt).toEqual([
      "schemes:form.errors.votingAfterCollection",
    ]);
    expect(errorsOf({ ...valid, votingClosesAt: "2027-02-10T09:00" }).votingClosesAt).toEqual([
      "schemes:form.errors.votingOrder",
    ]);
    expect(errorsOf({ ...valid, capWorks: "100000.01" }).capWorks).toEqual([
      "schemes:form.errors.capOverBudget",
    ]);
    expect(errorsOf({ ...valid, capWorks: "100000" }).capWorks).toBeUndefined();
    expect(errorsOf({ ...valid, votingMethod: "approval", countingRule: "greedy" }).maxChoices).toEqual([
      "schemes:form.errors.approvalNeedsK",
    ]);
    expect(
      errorsOf({ ...valid, votingMethod: "approval", countingRule: "greedy", maxChoices: "0" }).maxChoices,
    ).toEqual(['schemes:form.errors.atLeast|{"min":1}']);
    expect(errorsOf({ ...valid, votingMethod: "council", countingRule: "greedy" }).councilSize).toEqual([
      "schemes:form.errors.councilNeedsSize",
    ]);
    expect(errorsOf({ ...valid, votingMethod: "yes_no" }).countingRule).toEqual([
      "schemes:form.errors.countingRuleBudgetOnly",
    ]);
    expect(errorsOf({ ...valid, supportThreshold: "2.5" }).supportThreshold).toEqual([
      "schemes:form.errors.notWhole",
    ]);
  });
});

test("editing a published scheme takes only the editable fields", () => {
  const s = parseWithZod(
    form({ title: "x", votingClosesAt: "2027-02-18T18:00", noticeDays: "5", budget: "1" }),
    {
      schema: EditPublishedSchemeSchema,
    },
  );
  expect(s.status).toBe("success");
  if (s.status === "success") expect(s.value).not.toHaveProperty("budget");
});

describe("ScreenProposalSchema", () => {
  const id = "00000000-0000-4000-8000-000000000001";
  const errorsOf = (values: Record<string, string>) => {
    const s = parseWithZod(form({ proposalId: id, ...values }), { schema: ScreenProposalSchema });
    return s.status === "success" ? {} : (s.error ?? {});
  };
  test("ineligible needs reason and note; merge needs a target; a revised cost needs a note", () => {
    expect(errorsOf({ decision: "ineligible" })).toMatchObject({
      reason: ["schemes:screening.errors.reasonRequired"],
      note: ["schemes:screening.errors.noteRequired"],
    });
    expect(errorsOf({ decision: "merge" }).mergeIntoId).toEqual([
      "schemes:screening.errors.mergeTargetRequired",
    ]);
    expect(errorsOf({ decision: "eligible", revisedCost: "5,000" }).costNote).toEqual([
      "schemes:screening.errors.costNoteRequired",
    ]);
    expect(errorsOf({ decision: "eligible" })).toEqual({});
  });
});
