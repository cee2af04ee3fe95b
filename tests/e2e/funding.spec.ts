import { randomInt } from "node:crypto";
import type { Browser, Locator, Page } from "@playwright/test";
import {
  checkA11y,
  demo,
  expect,
  han,
  login,
  newTrackedPage,
  shape,
  test,
  text,
  tr,
  visit,
  type Locale,
} from "./fixtures";

// The funding-call journey on the demo city, one step after the other on shared state: the district
// official publishes a call → an NGO applies (in English) → the call closes → screening → three drawn
// reviewers score (one without JavaScript) → greedy award → public notice with an objection (in English)
// and its answer; confirmation is refused while the notice runs. The demo's call whose notice is over is
// confirmed, its agreement signed and its mid-term milestone met; the demo's awarded call gets its final
// report and evaluation; a signed-out visitor reads who got how much and how delivery is going.
// The one wait (for the new call to close) is spent on the demo calls' steps, so the journey stays short.

const t = (key: string, params?: Record<string, string | number>) => tr("zh-CN", key, params);
const en = (key: string, params?: Record<string, string | number>) => tr("en", key, params);

/** Guangzhou wall-clock time (UTC+8, no daylight saving) as a datetime-local value. */
const guangzhou = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
const guangzhouDay = (ms: number) => guangzhou(ms).slice(0, 10);
const DAY = 86_400_000;

const demoCalls = {
  noticeOver: "天河区2026年社区公益微创投（公示期满）",
  awarded: "天河区2026年社会组织公益创投活动",
};
const demoOrg = "木棉社工服务中心（示范）";
const reviewerNames = ["吴教授", "林督导", "郑会计师"];

const run = randomInt(1_000_000).toString(36);
const call = {
  title: `车陂街长者助餐与探访公益创投 ${run}`,
  titleEn: `Chebei meals and visits for older people ${run}`,
  description: "天河区安排 20 万元，资助社会组织为车陂街长者提供助餐和探访服务。",
  descriptionEn: "Tianhe District grants ¥200,000 for meals and home visits for older people in Chebei.",
  criteria: [
    { name: "需求与设计", nameEn: "Needs and design", weight: "50", description: "需求清楚，设计可行。" },
    { name: "团队能力", nameEn: "Team", weight: "30", description: "团队有相应经验。" },
    { name: "预算合理性", nameEn: "Budget", weight: "20", description: "预算合理，自筹落实。" },
  ],
  checklist: [
    { label: "依法登记的社会组织", labelEn: "A registered social organisation" },
    { label: "项目在本区实施", labelEn: "The project runs in the district" },
  ],
};
const application = {
  title: `Weekend meals for older neighbours ${run}`,
  summary: "Volunteers cook and deliver weekend lunches to older people living alone in Chebei.",
  needs: "Many older people in Chebei live alone and the canteen is closed at weekends.",
  beneficiaries: "Older people living alone in Chebei",
  objectives: "Every registered older person gets a hot lunch on Saturdays and Sundays.",
  team: "One social worker and twenty trained volunteers.",
};
const words = {
  objection: `Why did the meals project get the full amount? Please publish the scores. ${run}`,
  answer: `评分明细已在结果页公开，三位专家独立评分，金额为申请金额且在上限内，维持原结果。${run}`,
  midterm: `前六个月完成 80 户居家评估和 45 户改造，平衡训练班每周开班。${run}`,
  final: `全年探访 12,300 人次，培训义工 62 名，紧急呼叫平均响应 21 分钟。${run}`,
};

let callPath = "";
let applicationPath = "";
/** When the new call closes (epoch ms): the journey waits for it once. */
let closesAt = 0;

/** A page in a fresh context, logged in as `email` (axe on every page on the way). */
async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await newTrackedPage(browser, { locale: "zh-CN", ...options });
  await login(page, email);
  return page;
}

/** Clicks, waits for the address, and runs axe on where it landed. */
async function go(page: Page, target: Locator, url: RegExp) {
  await target.click();
  await expect(page).toHaveURL(url);
  await checkA11y(page);
}

const main = (page: Page) => page.getByRole("main");

/** The address of a demo call, from the public list (which is also checked). */
async function openCall(page: Page, title: string) {
  await visit(page, "/funding");
  await go(
    page,
    main(page).getByRole("link", { name: title, exact: true }).first(),
    /\/funding\/[0-9a-f-]{36}$/,
  );
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  return new URL(page.url()).pathname;
}

/** Switches the interface language with the header's buttons (axe-checked). */
async function switchTo(page: Page, locale: Locale) {
  await page.getByRole("button", { name: text(locale, `common:locale.names.${locale}`) }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await checkA11y(page);
}

/** The NGO submits a milestone report from its agreement page. */
async function submitReport(page: Page, project: string, milestone: "midterm" | "final", narrative: string) {
  await visit(page, "/agreements");
  await go(
    page,
    main(page).getByRole("link", { name: project, exact: true }),
    /\/agreements\/[0-9a-f-]{36}$/,
  );
  await go(
    page,
    main(page).getByRole("link", { name: t(`awards:reportName.${milestone}`), exact: true }),
    new RegExp(`/reports/${milestone}$`),
  );
  const form = page.getByRole("region", { name: t("awards:report.submitHeading") });
  await form.getByLabel(t("awards:report.narrative"), { exact: true }).fill(narrative);
  const achieved = form
    .getByRole("group", { name: t("awards:report.indicatorsLegend") })
    .getByRole("textbox");
  for (const [i, box] of (await achieved.all()).entries()) await box.fill(String(40 + i));
  await form.getByLabel(t("awards:report.spend"), { exact: true }).fill("52000");
  await go(
    page,
    form.getByRole("button", { name: t("awards:report.submitButton"), exact: true }),
    /\?notice=submitted$/,
  );
  await expect(page.getByRole("status")).toHaveText(t("awards:report.notices.submitted"));
  return new URL(page.url()).pathname;
}

/** The official accepts a submitted report and records the milestone's evaluation. */
async function acceptAndEvaluate(page: Page, reportPath: string, grade: "excellent" | "good", note: string) {
  await visit(page, reportPath);
  const decide = page.getByRole("region", { name: t("awards:report.decideHeading") });
  await go(
    page,
    decide.getByRole("button", { name: t("awards:report.acceptButton"), exact: true }),
    /\?notice=accepted$/,
  );
  await expect(page.getByRole("status")).toHaveText(t("awards:report.notices.accepted"));
  const milestone = reportPath.endsWith("final") ? "final" : "midterm";
  const evaluation = page.getByRole("region", { name: t(`awards:evaluationName.${milestone}`) });
  await evaluation.getByRole("radio", { name: t(`awards:grade.${grade}`), exact: true }).check();
  await evaluation.getByLabel(t("awards:report.evaluationNote"), { exact: true }).fill(note);
  await go(
    page,
    evaluation.getByRole("button", { name: t("awards:report.evaluateButton"), exact: true }),
    /\?notice=evaluated$/,
  );
  await expect(page.getByRole("status")).toHaveText(t("awards:report.notices.evaluated"));
  await expect(evaluation).toContainText(t(`awards:grade.${grade}`));
  // The agreement shows the milestone's tranche released.
  await go(
    page,
    main(page).getByRole("link", { name: shape("zh-CN", "awards:report.backToAgreement") }),
    /\/agreements\/[0-9a-f-]{36}$/,
  );
  const row = page
    .getByRole("table", { name: t("awards:agreement.tranchesCaption") })
    .getByRole("row")
    .filter({ hasText: t(`awards:milestone.${milestone}`) });
  await expect(row).toContainText(t("awards:trancheStatus.released"));
}

test.describe.serial("funding calls, from a published call to the final evaluation", () => {
  test("1. the district official creates and publishes a call, open from this minute", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.district);
    await visit(page, "/funding/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("calls:new.title"));
    const form = main(page);
    const now = Date.now();
    const opens = Math.floor(now / 60_000) * 60_000;
    // Closes two to three minutes from now: long enough to apply, short enough to wait for.
    closesAt = opens + 3 * 60_000;
    await form.getByLabel(t("calls:form.kind"), { exact: true }).selectOption("venture");
    await form.getByLabel(t("calls:form.title"), { exact: true }).fill(call.title);
    await form.getByLabel(t("calls:form.titleEn"), { exact: true }).fill(call.titleEn);
    await form.getByLabel(t("calls:form.description"), { exact: true }).fill(call.description);
    await form.getByLabel(t("calls:form.descriptionEn"), { exact: true }).fill(call.descriptionEn);
    await form.getByRole("checkbox", { name: t("calls:category.elderly"), exact: true }).check();
    await form.getByLabel(t("calls:form.budget"), { exact: true }).fill("200000");
    await form.getByLabel(t("calls:form.perProjectCap"), { exact: true }).fill("100000");
    await form.getByLabel(t("calls:form.maxGrantSharePercent"), { exact: true }).fill("60");
    await form.getByLabel(t("calls:form.reviewersPerApplication"), { exact: true }).fill("3");
    for (const [i, c] of call.criteria.entries()) {
      const n = i + 1;
      await form.getByLabel(t("calls:form.criterionName", { n }), { exact: true }).fill(c.name);
      await form.getByLabel(t("calls:form.criterionNameEn", { n }), { exact: true }).fill(c.nameEn);
      await form.getByLabel(t("calls:form.criterionDescription", { n }), { exact: true }).fill(c.description);
      await form.getByLabel(t("calls:form.criterionMax", { n }), { exact: true }).fill("10");
      await form.getByLabel(t("calls:form.criterionWeight", { n }), { exact: true }).fill(c.weight);
    }
    for (const [i, c] of call.checklist.entries()) {
      const n = i + 1;
      await form.getByLabel(t("calls:form.checklistLabel", { n }), { exact: true }).fill(c.label);
      await form.getByLabel(t("calls:form.checklistLabelEn", { n }), { exact: true }).fill(c.labelEn);
    }
    await form.getByLabel(t("calls:form.publishAt"), { exact: true }).fill(guangzhou(opens));
    await form.getByLabel(t("calls:form.opensAt"), { exact: true }).fill(guangzhou(opens));
    await form.getByLabel(t("calls:form.closesAt"), { exact: true }).fill(guangzhou(closesAt));
    await form.getByLabel(t("calls:form.reviewEndsAt"), { exact: true }).fill(guangzhou(opens + 2 * DAY));
    await form.getByLabel(t("calls:form.noticeDays"), { exact: true }).fill("3");
    await go(
      page,
      form.getByRole("button", { name: t("calls:new.submit"), exact: true }),
      /\/funding\/[0-9a-f-]{36}\?notice=created$/,
    );
    callPath = new URL(page.url()).pathname;
    await expect(page.getByRole("status")).toHaveText(t("calls:page.notices.created"));
    await expect(main(page).locator(".badge").first()).toHaveText(t("calls:phase.draft"));
    await go(
      page,
      main(page).getByRole("button", { name: t("calls:page.publish"), exact: true }),
      /\?notice=published$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("calls:page.notices.published"));
    await page.context().close();

    // Anyone reads it: open now, with its rubric and checklist.
    const visitor = await newTrackedPage(browser, { locale: "zh-CN" });
    await visit(visitor, callPath);
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(call.title);
    await expect(main(visitor).locator(".badge").first()).toHaveText(t("calls:phase.open"));
    const rubric = visitor.getByRole("table", { name: t("calls:page.rubricCaption") });
    for (const c of call.criteria) {
      const row = rubric.getByRole("row").filter({ hasText: c.name });
      await expect(row).toContainText(c.weight);
    }
    for (const c of call.checklist) await expect(main(visitor)).toContainText(c.label);
    await visitor.context().close();
  });

  test("2. the NGO applies in English: refused over the share, then submitted; another NGO gets a 404", async ({
    browser,
  }) => {
    expect(callPath).not.toBe("");
    const page = await signedIn(browser, demo.ngo);
    await visit(page, callPath);
    await switchTo(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(call.titleEn);
    await go(
      page,
      main(page).getByRole("link", { name: en("calls:page.apply"), exact: true }),
      new RegExp(`${callPath}/apply$`),
    );
    await expect(page.getByRole("radio", { name: demoOrg })).toBeChecked();
    await go(
      page,
      main(page).getByRole("button", { name: en("applications:apply.start"), exact: true }),
      /\/applications\/[0-9a-f-]{36}\/edit$/,
    );
    const editPath = new URL(page.url()).pathname;
    applicationPath = editPath.replace(/\/edit$/, "");
    const form = main(page);
    await form.getByLabel(en("applications:form.title"), { exact: true }).fill(application.title);
    await form.getByLabel(en("applications:form.summary"), { exact: true }).fill(application.summary);
    await form.getByLabel(en("applications:form.needs"), { exact: true }).fill(application.needs);
    await form
      .getByLabel(en("applications:form.beneficiaries"), { exact: true })
      .fill(application.beneficiaries);
    await form.getByLabel(en("applications:form.beneficiaryCount"), { exact: true }).fill("80");
    await form.getByLabel(en("applications:form.objectives"), { exact: true }).fill(application.objectives);
    await form
      .getByLabel(en("applications:form.activityRow", { n: 1 }), { exact: true })
      .fill("Weekend lunches");
    await form.getByLabel(en("applications:form.timingRow", { n: 1 }), { exact: true }).fill("Every weekend");
    await form
      .getByLabel(en("applications:form.indicatorRow", { n: 1 }), { exact: true })
      .fill("Meals served");
    await form.getByLabel(en("applications:form.targetRow", { n: 1 }), { exact: true }).fill("8000");
    await form.getByLabel(en("applications:form.team"), { exact: true }).fill(application.team);
    const lines = [
      ["personnel", "Social worker", "60000"],
      ["activities", "Food and delivery", "40000"],
    ] as const;
    for (const [i, [category, item, amount]] of lines.entries()) {
      const n = i + 1;
      await form
        .getByLabel(en("applications:form.categoryRow", { n }), { exact: true })
        .selectOption(category);
      await form.getByLabel(en("applications:form.itemRow", { n }), { exact: true }).fill(item);
      await form.getByLabel(en("applications:form.amountRow", { n }), { exact: true }).fill(amount);
    }
    // ¥70,000 of a ¥100,000 project is 70%: above the call's 60% share.
    await form.getByLabel(en("applications:form.selfRaised"), { exact: true }).fill("30000");
    await form.getByLabel(en("applications:form.requested"), { exact: true }).fill("70000");
    const submit = form.getByRole("button", { name: en("applications:form.submit"), exact: true });
    await submit.click();
    await expect(main(page)).toContainText(shape("en", "applications:errors.requestOverShare"));
    await expect(page).toHaveURL(new RegExp(`${editPath}$`));
    await checkA11y(page);
    // Nothing was submitted: the application is still a draft.
    await visit(page, applicationPath);
    await expect(main(page)).toContainText(en("applications:status.draft"));
    await visit(page, editPath);
    await expect(form.getByLabel(en("applications:form.title"), { exact: true })).toHaveValue(
      application.title,
    );

    // Exactly 60% passes.
    await form.getByLabel(en("applications:form.selfRaised"), { exact: true }).fill("40000");
    await form.getByLabel(en("applications:form.requested"), { exact: true }).fill("60000");
    await go(page, submit, new RegExp(`${applicationPath}\\?notice=submitted$`));
    await expect(page.getByRole("status")).toHaveText(en("applications:detail.notices.submitted"));
    await expect(main(page)).toContainText(en("applications:status.submitted"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(application.title);
    await expect(main(page).locator(".facts dd").first()).not.toHaveText(han);

    // Back to the account's usual language.
    await switchTo(page, "zh-CN");
    await page.context().close();

    // Another organisation's admin cannot read it by its address.
    const other = await signedIn(browser, demo.ngo2);
    await visit(other, applicationPath, 404);
    await visit(other, `${applicationPath}/edit`, 404);
    await other.context().close();
  });

  test("3. the official confirms the demo call whose notice is over and signs 木棉's agreement; the mid-term milestone is met", async ({
    browser,
  }) => {
    const official = await signedIn(browser, demo.district);
    const noticeCall = await openCall(official, demoCalls.noticeOver);
    await expect(main(official).locator(".badge").first()).toHaveText(t("calls:phase.notice"));
    await go(
      official,
      main(official).getByRole("link", { name: t("calls:page.awards"), exact: true }),
      new RegExp(`${noticeCall}/award$`),
    );
    const confirm = official.getByRole("region", { name: t("awards:workspace.confirmHeading") });
    await expect(confirm).not.toContainText(shape("zh-CN", "awards:workspace.confirmWaitWindow"));
    await go(
      official,
      confirm.getByRole("button", { name: t("awards:workspace.confirmButton"), exact: true }),
      /\/award\?notice=confirmed$/,
    );
    await expect(official.getByRole("status")).toHaveText(t("awards:workspace.notices.confirmed"));
    const fall = "长者居家防跌倒改造与平衡训练";
    const award = main(official).getByRole("listitem").filter({ hasText: fall });
    await expect(award).toContainText(t("awards:awardStatus.confirmed"));
    await award.getByText(t("awards:sign.heading"), { exact: true }).click();
    const today = Date.now();
    await award.getByLabel(t("awards:sign.startsOn"), { exact: true }).fill(guangzhouDay(today));
    await award.getByLabel(t("awards:sign.endsOn"), { exact: true }).fill(guangzhouDay(today + 300 * DAY));
    await award
      .getByLabel(t("awards:sign.midtermDueOn"), { exact: true })
      .fill(guangzhouDay(today + 150 * DAY));
    await award
      .getByLabel(t("awards:sign.finalDueOn"), { exact: true })
      .fill(guangzhouDay(today + 310 * DAY));
    // The default split is 50/40/10.
    await expect(award.getByLabel(t("awards:milestone.signing"), { exact: true })).toHaveValue("50");
    await expect(award.getByLabel(t("awards:milestone.midterm"), { exact: true })).toHaveValue("40");
    await expect(award.getByLabel(t("awards:milestone.final"), { exact: true })).toHaveValue("10");
    await go(
      official,
      award.getByRole("button", { name: t("awards:sign.button"), exact: true }),
      /\/agreements\/[0-9a-f-]{36}$/,
    );
    const agreementPath = new URL(official.url()).pathname;
    await expect(official.getByRole("heading", { level: 1 })).toHaveText(
      t("awards:agreement.title", { project: fall }),
    );
    const tranches = official.getByRole("table", { name: t("awards:agreement.tranchesCaption") });
    await expect(tranches.getByRole("row").filter({ hasText: t("awards:milestone.signing") })).toContainText(
      t("awards:trancheStatus.released"),
    );
    await expect(tranches.getByRole("row").filter({ hasText: t("awards:milestone.midterm") })).toContainText(
      t("awards:trancheStatus.pending"),
    );

    const ngo = await signedIn(browser, demo.ngo);
    const reportPath = await submitReport(ngo, fall, "midterm", words.midterm);
    expect(reportPath).toBe(`${agreementPath}/reports/midterm`);
    await ngo.context().close();

    await acceptAndEvaluate(official, reportPath, "good", "评估和改造进度达到预期。");
    await official.context().close();
  });

  test("4. on the awarded demo call, 木棉's final report is accepted and the final evaluation releases the last tranche", async ({
    browser,
  }) => {
    const ngo = await signedIn(browser, demo.ngo);
    const reportPath = await submitReport(ngo, "“邻里守望”独居长者关爱计划", "final", words.final);
    await ngo.context().close();
    const official = await signedIn(browser, demo.district);
    await acceptAndEvaluate(official, reportPath, "excellent", "全部指标达成，义工队伍稳定，评为优秀。");
    await official.context().close();
  });

  test("5. a signed-out visitor sees who got how much, why, and how delivery is going; the exports name no reviewer", async ({
    page,
  }) => {
    const awardedCall = await openCall(page, demoCalls.awarded);
    await go(
      page,
      main(page).getByRole("link", { name: t("calls:page.results"), exact: true }),
      new RegExp(`${awardedCall}/results$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      t("awards:results.title", { call: demoCalls.awarded }),
    );
    const awards = page.getByRole("table", { name: t("awards:results.awardsCaption") });
    await expect(awards).toContainText(demoOrg);
    await expect(awards).toContainText("天河区青少年发展促进会（示范）");
    await expect(awards).toContainText("280,000");
    await expect(awards).toContainText("180,000");
    const delivery = page.getByRole("region", { name: t("awards:results.deliveryHeading") });
    const watch = delivery.getByRole("listitem").filter({ hasText: "“邻里守望”独居长者关爱计划" }).first();
    // All three tranches released now, with both grades.
    await expect(watch).toContainText(shape("zh-CN", "awards:results.released"));
    for (const m of ["signing", "midterm", "final"])
      await expect(watch).toContainText(`${t(`awards:milestone.${m}`)} `);
    await expect(watch).not.toContainText(t("awards:trancheStatus.pending"));
    await expect(watch).toContainText(t("awards:grade.good"));
    await expect(watch).toContainText(t("awards:grade.excellent"));
    await expect(delivery).toContainText(t("awards:agreement.late"));
    const objections = page.getByRole("region", { name: shape("zh-CN", "awards:objections.heading") });
    await expect(objections).toContainText(t("awards:objections.dismissed"));
    for (const name of reviewerNames) await expect(main(page)).not.toContainText(name);

    for (const file of ["results.csv", "results.json", "grants.json"]) {
      const response = await page.request.get(`${awardedCall}/${file}`);
      expect(response.status(), file).toBe(200);
      const body = await response.text();
      expect(body, file).toContain(demoOrg);
      for (const name of reviewerNames) expect(body, file).not.toContain(name);
      expect(body, file).not.toContain("reviewer@");
    }
  });

  test("6. after the close the official screens the application and starts the review", async ({
    browser,
  }) => {
    expect(applicationPath).not.toBe("");
    // The only wait of the journey: until the call has closed by the server's clock.
    const wait = closesAt + 3_000 - Date.now();
    test.setTimeout(120_000 + Math.max(0, wait));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    const page = await signedIn(browser, demo.district);
    await visit(page, callPath);
    await expect(main(page).locator(".badge").first()).toHaveText(t("calls:phase.closed"));
    await visit(page, `${applicationPath}/screen`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("applications:screen.title"));
    for (const item of call.checklist)
      await main(page)
        .getByRole("group", { name: item.label })
        .getByRole("radio", { name: t("applications:screen.pass"), exact: true })
        .check();
    await go(
      page,
      main(page).getByRole("button", { name: t("applications:screen.save"), exact: true }),
      new RegExp(`${applicationPath}/screen$`),
    );
    await expect(main(page)).toContainText(t("applications:status.eligible"));

    await visit(page, `${callPath}/review`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("reviews:official.title"));
    await go(
      page,
      main(page).getByRole("button", { name: t("reviews:official.startButton"), exact: true }),
      /\/review\?notice=started$/,
    );
    await expect(page.getByRole("status").first()).toHaveText(t("reviews:official.startedNotice"));
    const drawn = main(page).getByRole("article").filter({ hasText: application.title });
    // All three in the pool are eligible for 木棉's application, so all three are drawn.
    for (const name of reviewerNames) await expect(drawn).toContainText(name);
    await expect(drawn.getByRole("table")).toContainText(t("reviews:official.reasonInitial"));
    await page.context().close();
  });

  test("7. three reviewers declare no conflict and score blind; one of them without JavaScript", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const sheets = [
      { who: demo.reviewer, scores: ["9", "8", "8"], js: true },
      { who: demo.reviewer2, scores: ["8", "8", "7"], js: false },
      { who: demo.reviewer3, scores: ["8", "9", "8"], js: true },
    ];
    for (const sheet of sheets) {
      const page = await signedIn(browser, sheet.who, { javaScriptEnabled: sheet.js });
      await visit(page, "/reviews");
      await go(
        page,
        main(page).getByRole("link", { name: application.title, exact: true }),
        /\/reviews\/[0-9a-f-]{36}$/,
      );
      // Nothing of the application before the declaration.
      await expect(main(page)).not.toContainText(application.needs);
      const declare = page.getByRole("region", { name: t("reviews:assignment.declareHeading") });
      await go(
        page,
        declare.getByRole("button", { name: t("reviews:assignment.declareButton"), exact: true }),
        /\?notice=declared$/,
      );
      await expect(page.getByRole("status")).toHaveText(t("reviews:assignment.notices.declared"));
      await expect(main(page)).toContainText(application.needs);
      for (const [i, c] of call.criteria.entries()) {
        const group = main(page).getByRole("group", {
          name: t("reviews:assignment.criterionLegend", { name: c.name, weight: c.weight, max: 10 }),
        });
        await group
          .getByLabel(t("reviews:assignment.scoreLabel", { max: 10 }), { exact: true })
          .fill(sheet.scores[i]!);
        await group
          .getByLabel(t("reviews:assignment.criterionComment"), { exact: true })
          .fill(`第 ${i + 1} 项意见 ${run}`);
      }
      await main(page)
        .getByRole("radio", { name: t("reviews:recommendation.fund"), exact: true })
        .check();
      await main(page)
        .getByLabel(t("reviews:assignment.overallComment"), { exact: true })
        .fill(`需求清楚，建议资助。${run}`);
      await go(
        page,
        main(page).getByRole("button", { name: t("reviews:assignment.submitButton"), exact: true }),
        /\?notice=submitted$/,
      );
      await expect(page.getByRole("status")).toHaveText(t("reviews:assignment.notices.submitted"));
      const own = page.getByRole("table", { name: t("reviews:assignment.ownHeading") });
      await expect(own).toContainText(call.criteria[0]!.name);
      await page.context().close();
    }
  });

  test("8. greedy award, public notice, an objection in English answered; confirmation refused during the notice", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.district);
    await visit(page, `${callPath}/award`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      t("awards:workspace.title", { call: call.title }),
    );
    const ranking = page.getByRole("table", { name: t("awards:workspace.rankingCaption") });
    const row = ranking.getByRole("row").filter({ hasText: application.title });
    await expect(row).toContainText("3/3");
    await expect(row.getByRole("checkbox")).toBeChecked();
    await expect(row.getByRole("textbox")).toHaveValue("60000");
    await go(
      page,
      main(page).getByRole("button", { name: t("awards:workspace.proposeButton"), exact: true }),
      /\/award\?notice=proposed$/,
    );
    await go(
      page,
      main(page).getByRole("button", { name: t("awards:workspace.publishButton"), exact: true }),
      /\/award\?notice=published$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("awards:workspace.notices.published"));

    // Emma Clarke, a resident who reads English, objects on the public page.
    const emma = await signedIn(browser, demo.neighbour2);
    await visit(emma, `${callPath}/results`);
    await switchTo(emma, "en");
    await expect(emma.getByRole("heading", { level: 1 })).toHaveText(
      en("awards:results.title", { call: call.titleEn }),
    );
    await expect(emma.getByRole("table", { name: en("awards:results.awardsCaption") })).toContainText(
      demoOrg,
    );
    await emma.getByLabel(en("common:objections.reason"), { exact: true }).fill(words.objection);
    await go(
      emma,
      main(emma).getByRole("button", { name: en("common:objections.submit"), exact: true }),
      /\/results\?notice=objected$/,
    );
    await expect(emma.getByRole("status")).toHaveText(en("awards:results.notices.objected"));
    const mine = main(emma).getByRole("listitem").filter({ hasText: words.objection });
    await expect(mine).toContainText(en("awards:objections.byYou"));
    await expect(mine).toContainText(en("awards:objections.awaiting"));
    await switchTo(emma, "zh-CN");
    await emma.context().close();

    // The official answers it, then tries to confirm while the notice is still running.
    await visit(page, `${callPath}/award`);
    const objection = main(page).getByRole("listitem").filter({ hasText: words.objection });
    await objection
      .getByRole("radio", { name: t("common:objections.answer.dismissed"), exact: true })
      .check();
    await objection.getByLabel(t("common:objections.answerText"), { exact: true }).fill(words.answer);
    await go(
      page,
      objection.getByRole("button", { name: t("common:objections.submitAnswer"), exact: true }),
      /\/award\?notice=answered$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("awards:workspace.notices.answered"));
    const answered = main(page).getByRole("listitem").filter({ hasText: words.objection });
    await expect(answered).toContainText(words.answer);
    await expect(answered).toContainText(t("awards:objections.dismissed"));
    const confirm = page.getByRole("region", { name: t("awards:workspace.confirmHeading") });
    await expect(confirm).toContainText(shape("zh-CN", "awards:workspace.confirmWaitWindow"));
    await confirm.getByRole("button", { name: t("awards:workspace.confirmButton"), exact: true }).click();
    await expect(confirm.getByRole("alert")).toContainText(shape("zh-CN", "awards:errors.noticeStillOpen"));
    await checkA11y(page);
    await visit(page, `${callPath}/award`);
    await expect(main(page).locator(".facts")).toContainText(t("awards:callStatus.notice"));
    await page.context().close();

    // Signed out, the public sees the proposed award, its score and the answered objection, and no
    // reviewer's name; signing in is offered to object.
    const visitor = await newTrackedPage(browser, { locale: "zh-CN" });
    await visit(visitor, `${callPath}/results`);
    await expect(main(visitor)).toContainText(shape("zh-CN", "awards:results.noticeLead"));
    const awards = visitor.getByRole("table", { name: t("awards:results.awardsCaption") });
    await expect(awards.getByRole("row").filter({ hasText: application.title })).toContainText("60,000");
    await expect(awards).toContainText(demoOrg);
    await expect(main(visitor)).toContainText(words.answer);
    await expect(
      main(visitor).getByRole("link", { name: t("awards:results.signInToObject"), exact: true }),
    ).toBeVisible();
    for (const name of reviewerNames) await expect(main(visitor)).not.toContainText(name);
    await visitor.context().close();
  });
});
