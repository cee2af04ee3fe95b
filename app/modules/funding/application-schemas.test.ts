import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { ApplicationFormSchema, ScreenSchema } from "./application-schemas";

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return parseWithZod(fd, { schema: ApplicationFormSchema });
};

describe("application form schema", () => {
  test("a draft may be incomplete; blank rows are ignored; yuan become fen", () => {
    const s = form({
      intent: "save",
      title: "助餐",
      "activities[0].activity": "",
      "activities[0].timing": "",
      "activities[3].activity": "探访",
      "budget[1].category": "venue",
      "budget[1].item": "场地租金",
      "budget[1].amount": "1,234.5",
      requested: "¥ 1000",
    });
    expect(s.status).toBe("success");
    if (s.status !== "success") return;
    expect(s.value.activities).toEqual([{ activity: "探访", timing: "" }]);
    expect(s.value.budgetLines).toEqual([{ category: "venue", item: "场地租金", amountMinor: 123_450 }]);
    expect(s.value.requestedMinor).toBe(100_000);
    expect(s.value.selfRaisedMinor).toBe(0);
  });

  test("submit lists every missing field, each at its field and in the summary", () => {
    const s = form({ intent: "submit", title: "助餐" });
    expect(s.status).toBe("error");
    const reply = s.reply();
    expect(reply.error?.[""]).toEqual([
      "applications:missing.summary",
      "applications:missing.needs",
      "applications:missing.beneficiaries",
      "applications:missing.beneficiaryCount",
      "applications:missing.objectives",
      "applications:missing.activities",
      "applications:missing.indicators",
      "applications:missing.team",
      "applications:missing.budget",
      "applications:missing.requested",
    ]);
    expect(reply.error?.summary).toEqual(["errors:required"]);
  });

  test("a half-filled row keeps its own index for the error; bad amounts and lengths refused", () => {
    const s = form({
      intent: "save",
      "budget[4].item": "餐盒",
      "budget[4].amount": "十元",
      title: "x".repeat(101),
    });
    const errors = s.reply().error ?? {};
    expect(errors["budget[4].category"]).toEqual(["applications:errors.pickCategory"]);
    expect(errors["budget[4].amount"]).toEqual(["applications:errors.amount"]);
    expect(errors.title).toEqual(['errors:tooLong|{"max":100}']);
  });

  test("screening: a fail needs a reason", () => {
    const id = "00000000-0000-4000-8000-000000000001";
    const fd = new FormData();
    fd.append("intent", "screen");
    fd.append("checks[0].itemId", id);
    fd.append("checks[0].verdict", "fail");
    const s = parseWithZod(fd, { schema: ScreenSchema });
    expect(s.reply().error?.["checks[0].reason"]).toEqual(["applications:errors.failReason"]);
  });
});
