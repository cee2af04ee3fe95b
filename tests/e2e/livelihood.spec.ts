import { randomInt, randomUUID } from "node:crypto";
import type { Browser, Locator, Page } from "@playwright/test";
import {
  checkA11y,
  demo,
  escapeRegExp,
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

// The livelihood-projects journey on the demo city, one step after the other on shared state:
// a resident proposes → neighbours support → the committee screens → residents vote (without JavaScript)
// → results → public notice with an objection → confirmation → progress and acceptance → evaluation.

const t = (key: string, params?: Record<string, string | number>) => tr("zh-CN", key, params);
const en = (key: string, params?: Record<string, string | number>) => tr("en", key, params);

const schemes = {
  collecting: "2027年车陂街民生微实事项目征集",
  voting: "2026年车陂北社区微实事投票",
  counting: "2026年车陂北社区第二批微实事（待公布结果）",
  noticeOver: "2026年车陂北社区上半年民生实事（公示期满）",
  delivery: "2025年车陂北社区民生实事（实施中）",
};

const run = randomInt(1_000_000).toString(36);
const proposal = {
  title: `5栋门口增设休息长椅 ${run}`,
  body: "5栋门口是老人每天等孙子放学的地方，没有地方坐。建议在花坛边增设两张带靠背的长椅。",
  cost: "8000",
  response: `已到现场查看，花坛边有空位，项目符合条件，进入投票。${run}`,
  comment: `My parents sit there every afternoon, a bench would really help. ${run}`,
  objection: `希望说明平等份额法的计算过程，为什么这样分配？${run}`,
  answer: `计算过程已在结果页逐步列出：每位投票居民分到同样一份预算。${run}`,
  update: `长椅已安装完毕，居民代表现场试坐。${run}`,
  acceptance: `居委会和居民代表现场验收，安装牢固。${run}`,
};
let proposalPath = "";

/** A page in a fresh context, logged in as `email` (axe on every page on the way). */
async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await newTrackedPage(browser, { locale: "zh-CN", ...options });
  await login(page, email);
  return page;
}

/** The address of a demo scheme, from the public list (which is also checked). */
async function openScheme(page: Page, title: string) {
  await visit(page, "/schemes");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(anyOf("schemes:list.title"));
  await page.getByRole("link", { name: title, exact: true }).first().click();
  await expect(page).toHaveURL(/\/schemes\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await checkA11y(page);
  return new URL(page.url()).pathname;
}

function anyOf(key: string) {
  return new RegExp(`^(${["zh-CN", "en"].map((l) => escapeRegExp(text(l as Locale, key))).join("|")})$`);
}

/** Clicks, waits for the address, and runs axe on where it landed. */
async function go(page: Page, target: Locator, url: RegExp) {
  await target.click();
  await expect(page).toHaveURL(url);
  await checkA11y(page);
}

const main = (page: Page) => page.getByRole("main");

test.describe.serial("livelihood projects, from a proposal to the residents' evaluation", () => {
  test("1. a resident proposes in the collecting scheme", async ({ browser }) => {
    const page = await signedIn(browser, demo.resident);
    // The demo resident already has three proposals here (the most allowed, drafts included): she gives
    // up her draft about a charging shed first, from "my proposals".
    await visit(page, "/account/proposals");
    const draft = "电动自行车集中充电点";
    await go(page, main(page).getByRole("link", { name: draft, exact: true }), /\/proposals\/[0-9a-f-]{36}$/);
    await expect(page.getByText(t("proposals:page.draftNote"))).toBeVisible();
    await go(
      page,
      main(page).getByRole("button", { name: t("proposals:page.withdraw"), exact: true }),
      /\?notice=withdrawn$/,
    );
    await expect(main(page).locator(".status-badge")).toHaveText(t("proposals:status.withdrawn"));

    const scheme = await openScheme(page, schemes.collecting);
    await go(
      page,
      main(page).getByRole("link", { name: t("schemes:overview.propose") }),
      new RegExp(`${scheme}/propose$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("proposals:propose.title"));

    await page.getByLabel(t("proposals:form.title"), { exact: true }).fill(proposal.title);
    await page.getByLabel(t("proposals:form.body"), { exact: true }).fill(proposal.body);
    await page.getByLabel(t("proposals:form.category"), { exact: true }).selectOption({ index: 1 });
    await page.getByRole("radio", { name: t("schemes:types.goods"), exact: true }).check();
    await page.getByLabel(t("proposals:form.cost"), { exact: true }).fill(proposal.cost);
    await go(
      page,
      main(page).getByRole("button", { name: t("proposals:form.publish"), exact: true }),
      /\/proposals\/[0-9a-f-]{36}\?notice=published$/,
    );
    proposalPath = new URL(page.url()).pathname;

    await expect(page.getByRole("heading", { level: 1 })).toHaveText(proposal.title);
    await expect(page.getByRole("status")).toHaveText(t("proposals:page.notices.published"));
    await expect(main(page).locator(".status-badge")).toHaveText(t("proposals:status.collecting"));
    const support = page.getByRole("region", { name: t("proposals:page.supportHeading") });
    await expect(support).toContainText(t("proposals:page.supportCount", { count: 0, threshold: 2 }));
    await expect(support).toContainText(t("proposals:page.ownProposal"));
    await expect(page.getByRole("region", { name: t("schemes:timeline.heading") })).toContainText(
      t("proposals:timeline.published"),
    );
    await page.context().close();
  });

  test("2. a neighbour supports it, then another in English reaches the threshold and comments", async ({
    browser,
  }) => {
    expect(proposalPath).not.toBe("");
    const neighbour = await signedIn(browser, demo.neighbour);
    await visit(neighbour, proposalPath);
    const support = neighbour.getByRole("region", { name: t("proposals:page.supportHeading") });
    await go(
      neighbour,
      support.getByRole("button", { name: t("proposals:page.support"), exact: true }),
      /\?notice=supported$/,
    );
    await expect(neighbour.getByRole("status")).toHaveText(t("proposals:page.notices.supported"));
    await expect(support).toContainText(t("proposals:page.supportCount", { count: 1, threshold: 2 }));
    await expect(support).toContainText(t("proposals:page.youSupport"));
    await neighbour.context().close();

    // Emma Clarke reads the site in English: she switches with the header's language buttons.
    const emma = await signedIn(browser, demo.neighbour2);
    await visit(emma, proposalPath);
    await emma.getByRole("button", { name: text("en", "common:locale.names.en") }).click();
    await expect(emma.locator("html")).toHaveAttribute("lang", "en");
    await expect(emma).toHaveURL(new RegExp(`${proposalPath}$`));
    await checkA11y(emma);
    const box = emma.getByRole("region", { name: en("proposals:page.supportHeading") });
    await expect(box).toContainText(en("proposals:page.supportCount", { count: 1, threshold: 2 }));
    await go(
      emma,
      box.getByRole("button", { name: en("proposals:page.support"), exact: true }),
      /\?notice=thresholdReached$/,
    );
    await expect(emma.getByRole("status")).toHaveText(en("proposals:page.notices.thresholdReached"));
    await expect(main(emma).locator(".status-badge")).toHaveText(en("proposals:status.screening"));
    await expect(box).toContainText(en("proposals:page.supportCount", { count: 2, threshold: 2 }));
    const timeline = emma.getByRole("region", { name: en("schemes:timeline.heading") });
    await expect(timeline).toContainText(en("proposals:timeline.thresholdReached", { count: 2 }));
    await expect(emma.getByRole("heading", { level: 1 })).toHaveText(proposal.title);
    await expect(emma.getByRole("heading", { name: en("proposals:page.description") })).not.toHaveText(han);

    // Her comment, with the stance "support".
    const thread = emma.getByRole("region", { name: en("deliberation:thread.heading") });
    await thread.getByRole("radio", { name: en("deliberation:thread.stance.support"), exact: true }).check();
    await thread.getByLabel(en("deliberation:thread.bodyLabel"), { exact: true }).fill(proposal.comment);
    await go(
      emma,
      thread.getByRole("button", { name: en("deliberation:thread.submit"), exact: true }),
      new RegExp(`${proposalPath}(\\?[^#]*)?#`),
    );
    await expect(thread.getByText(proposal.comment)).toBeVisible();
    await expect(thread.locator(".stance-counts")).toHaveText(
      en("deliberation:thread.counts", { support: 1, oppose: 0, neutral: 0 }),
    );

    // Leave her account in its usual language.
    await emma.getByRole("button", { name: text("zh-CN", "common:locale.names.zh-CN") }).click();
    await expect(emma.locator("html")).toHaveAttribute("lang", "zh-CN");
    await checkA11y(emma);
    await emma.context().close();
  });

  test("3. the committee screens it eligible with an official response", async ({ browser }) => {
    const page = await signedIn(browser, demo.committee);
    const scheme = await openScheme(page, schemes.collecting);
    await go(
      page,
      main(page)
        .getByRole("link", { name: shape("zh-CN", "schemes:overview.screening") })
        .first(),
      new RegExp(`${scheme}/screening$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("schemes:screening.title"));
    const card = main(page)
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: proposal.title }) });
    await expect(card).toHaveCount(1);
    await card.getByRole("radio", { name: t("schemes:screening.decisions.eligible"), exact: true }).check();
    await card.getByLabel(t("schemes:screening.response"), { exact: true }).fill(proposal.response);
    await go(
      page,
      card.getByRole("button", { name: t("schemes:screening.submit"), exact: true }),
      /\/screening\?notice=screened$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("schemes:screening.screened"));
    await expect(page.getByRole("heading", { name: proposal.title })).toHaveCount(0);

    await visit(page, proposalPath);
    await expect(main(page).locator(".status-badge")).toHaveText(t("proposals:status.eligible"));
    await expect(page.getByRole("region", { name: t("proposals:page.officialResponse") })).toContainText(
      proposal.response,
    );
    const timeline = page.getByRole("region", { name: t("schemes:timeline.heading") });
    await expect(timeline).toContainText(t("schemes:timeline.screenedEligible"));
    await expect(timeline).toContainText(t("schemes:timeline.responded"));
    await page.context().close();
  });

  test("4. without JavaScript a resident is refused over budget, then votes and checks the receipt", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.resident, { javaScriptEnabled: false });
    const scheme = await openScheme(page, schemes.voting);
    const votePath = `${scheme}/vote`;
    await go(
      page,
      main(page).getByRole("link", { name: t("schemes:overview.vote"), exact: true }),
      new RegExp(`${votePath}$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      t("voting:vote.title", { scheme: schemes.voting }),
    );
    const cast = main(page).getByRole("button", { name: t("voting:vote.cast"), exact: true });
    await expect(cast).toBeVisible();

    // All five projects: ¥160,000 for a ¥150,000 budget.
    const boxes = main(page).getByRole("checkbox");
    await expect(boxes).toHaveCount(5);
    for (const box of await boxes.all()) await box.check();
    await cast.click();
    await expect(page.getByRole("alert")).toContainText(shape("zh-CN", "voting:errors.overBudget"));
    await checkA11y(page);
    // Nothing was written: the ballot is still a first one.
    await visit(page, votePath);
    await expect(main(page).getByRole("button", { name: t("voting:vote.cast"), exact: true })).toBeVisible();
    await expect(main(page).getByText(shape("zh-CN", "voting:vote.alreadyVoted"))).toHaveCount(0);

    const chosen = [
      "社区花园改造，增加休息座椅",
      "社区图书角扩建",
      "Bilingual signage for the community health station",
    ];
    for (const title of chosen)
      await main(page)
        .getByRole("checkbox", { name: new RegExp(escapeRegExp(title)) })
        .check();
    await main(page)
      .getByRole("button", { name: t("voting:vote.checkTotal"), exact: true })
      .click();
    await expect(main(page).locator("output")).toContainText(shape("zh-CN", "voting:vote.total"));
    await expect(main(page).locator("output")).toContainText("106,000");
    await expect(main(page).locator("output")).not.toContainText(t("voting:vote.overBudget"));
    await checkA11y(page);
    // The check kept the choices.
    for (const title of chosen)
      await expect(main(page).getByRole("checkbox", { name: new RegExp(escapeRegExp(title)) })).toBeChecked();

    await go(
      page,
      main(page).getByRole("button", { name: t("voting:vote.cast"), exact: true }),
      /\/vote\?cast=1$/,
    );
    const confirmation = page
      .getByRole("status")
      .filter({ has: page.getByRole("heading", { name: t("voting:vote.confirmHeading") }) });
    await expect(confirmation).toBeVisible();
    const code = (await confirmation.locator(".receipt-code").textContent())?.trim() ?? "";
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    for (const title of chosen) await expect(confirmation).toContainText(title);

    await go(
      page,
      confirmation.getByRole("link", { name: t("voting:vote.receiptCheckLink"), exact: true }),
      /\/receipts$/,
    );
    await page.getByLabel(t("voting:receipts.code"), { exact: true }).fill(code);
    await go(
      page,
      main(page).getByRole("button", { name: t("voting:receipts.check"), exact: true }),
      /\/receipts/,
    );
    const outcome = page
      .getByRole("status")
      .filter({ has: page.getByRole("heading", { name: t("voting:receipts.found") }) });
    await expect(outcome).toBeVisible();
    await expect(outcome).toContainText(schemes.voting);
    for (const title of chosen) await expect(outcome).toContainText(title);

    // Back on the ballot: it is now a change of an existing one.
    await visit(page, votePath);
    await expect(
      main(page).getByRole("button", { name: t("voting:vote.change"), exact: true }),
    ).toBeVisible();
    await page.context().close();
  });

  test("5. the committee publishes results, a resident objects and the committee answers", async ({
    browser,
  }) => {
    const committee = await signedIn(browser, demo.committee);
    const scheme = await openScheme(committee, schemes.counting);
    await go(
      committee,
      main(committee)
        .getByRole("link", { name: t("schemes:overview.results"), exact: true })
        .first(),
      new RegExp(`${scheme}/results$`),
    );
    await go(
      committee,
      main(committee).getByRole("button", { name: t("voting:results.publish"), exact: true }),
      /\/results\?notice=published$/,
    );
    await expect(committee.getByRole("status").first()).toContainText(t("voting:results.publishedNotice"));
    const selectedRows = main(committee)
      .getByRole("row")
      .filter({ has: committee.locator(".selected-mark") });
    const selected = (await selectedRows.getByRole("rowheader").allTextContents()).map((s) =>
      s.replace(/^.*?号\s*/, "").trim(),
    );
    expect(selected.length).toBeGreaterThan(0);

    await go(
      committee,
      main(committee).getByRole("link", { name: t("voting:results.noticeLink"), exact: true }),
      new RegExp(`${scheme}/notice$`),
    );
    const selectedRegion = committee
      .getByRole("region", {
        name: shape("zh-CN", "projects:notice.selectedHeading"),
      })
      .first();
    for (const title of selected) await expect(selectedRegion).toContainText(title);
    await expect(committee.getByText(t("projects:notice.noObjections"))).toBeVisible();

    // A resident objects, with a reason.
    const resident = await signedIn(browser, demo.resident);
    await visit(resident, `${scheme}/notice`);
    await expect(resident.getByRole("heading", { level: 1 })).toHaveText(
      t("projects:notice.title", { scheme: schemes.counting }),
    );
    await resident.getByLabel(t("common:objections.reason"), { exact: true }).fill(proposal.objection);
    await go(
      resident,
      main(resident).getByRole("button", { name: t("common:objections.submit"), exact: true }),
      /\/notice\?notice=objected$/,
    );
    await expect(resident.getByRole("status")).toHaveText(t("projects:notice.notices.objected"));
    const mine = main(resident).getByRole("listitem").filter({ hasText: proposal.objection });
    await expect(mine).toContainText(t("projects:objection.byYou"));
    await expect(mine).toContainText(t("projects:objection.awaiting"));
    await resident.context().close();

    // The committee answers it.
    await visit(committee, `${scheme}/notice`);
    const objection = main(committee).getByRole("listitem").filter({ hasText: proposal.objection });
    await expect(objection).toContainText(t("projects:objection.byResident"));
    await objection
      .getByRole("radio", { name: t("common:objections.answer.dismissed"), exact: true })
      .check();
    await objection.getByLabel(t("common:objections.answerText"), { exact: true }).fill(proposal.answer);
    await go(
      committee,
      objection.getByRole("button", { name: t("common:objections.submitAnswer"), exact: true }),
      /\/notice\?notice=answered$/,
    );
    await expect(committee.getByRole("status")).toHaveText(t("projects:notice.notices.answered"));
    const answered = main(committee).getByRole("listitem").filter({ hasText: proposal.objection });
    await expect(answered).toContainText(proposal.answer);
    await expect(answered).toContainText(t("projects:objection.dismissed"));
    await committee.context().close();
  });

  test("6. the committee confirms the notice-over scheme, reports progress and accepts a project", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.committee);
    const scheme = await openScheme(page, schemes.noticeOver);
    await visit(page, `${scheme}/notice`);
    await go(
      page,
      main(page).getByRole("button", { name: t("projects:notice.confirmButton"), exact: true }),
      /\/notice\?notice=confirmed$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("projects:notice.notices.confirmed"));
    await go(
      page,
      main(page).getByRole("link", { name: t("projects:notice.projectsLink"), exact: true }),
      /\/projects\?scheme=/,
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("projects:list.title"));
    const cctv = "小区监控补盲，增设6个摄像头";
    await expect(main(page).getByRole("link", { name: "失能长者助浴服务" })).toBeVisible();
    await go(page, main(page).getByRole("link", { name: cctv }), /\/projects\/[^/?]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(cctv);
    await expect(
      main(page).getByText(t("projects:status.implementing"), { exact: true }).first(),
    ).toBeVisible();

    const manage = page.getByRole("region", { name: t("projects:manage.heading") });
    await expect(manage).toContainText(t("projects:manage.acceptNotYet"));
    await manage.getByLabel(t("projects:manage.updateBody"), { exact: true }).fill(proposal.update);
    await manage.getByLabel(t("projects:manage.updatePercent"), { exact: true }).fill("100");
    await manage.getByRole("radio", { name: t("projects:track.done"), exact: true }).check();
    await go(
      page,
      manage.getByRole("button", { name: t("projects:manage.postUpdate"), exact: true }),
      /\?notice=update$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("projects:page.notices.update"));
    const progress = page.getByRole("region", { name: t("projects:page.progressHeading") });
    await expect(progress).toContainText(t("projects:percent", { percent: 100 }));
    await expect(progress).toContainText(t("projects:track.done"));
    await expect(page.getByRole("region", { name: t("projects:page.updatesHeading") })).toContainText(
      proposal.update,
    );

    await manage.getByLabel(t("projects:manage.acceptNote"), { exact: true }).fill(proposal.acceptance);
    await go(
      page,
      manage.getByRole("button", { name: t("projects:manage.accept"), exact: true }),
      /\?notice=accept$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("projects:page.notices.accept"));
    const acceptance = page.getByRole("region", { name: t("projects:page.acceptanceHeading") });
    await expect(acceptance).toContainText(proposal.acceptance);
    await expect(acceptance).toContainText(shape("zh-CN", "projects:page.acceptedOn"));
    await expect(main(page).getByText(t("projects:status.accepted"), { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: t("schemes:timeline.heading") })).toContainText(
      t("projects:timeline.accepted"),
    );
    await page.context().close();
  });

  test("7. a resident rates the accepted ramp 满意 and the counts update", async ({ browser }) => {
    const page = await signedIn(browser, demo.resident);
    const scheme = await openScheme(page, schemes.delivery);
    await go(
      page,
      main(page)
        .getByRole("link", { name: t("schemes:overview.projects"), exact: true })
        .first(),
      /\/projects\?scheme=/,
    );
    const ramp = "小区门口加装无障碍坡道";
    await go(page, main(page).getByRole("link", { name: ramp }), /\/projects\/[^/?]+$/);
    expect(scheme).not.toBe("");
    const evaluation = page.getByRole("region", { name: t("projects:evaluation.heading") });
    const counts = (satisfied: number, basically: number, outcome: string) =>
      t("projects:evaluation.result", {
        outcome,
        satisfied,
        basically,
        dissatisfied: 0,
        total: satisfied + basically,
      });
    // Before: 张伯 满意, Emma 基本满意 — no majority of 满意 yet.
    await expect(evaluation.locator(".satisfaction-result")).toHaveText(
      counts(1, 1, t("projects:outcome.basically_satisfied")),
    );
    await evaluation.getByRole("radio", { name: t("projects:rating.satisfied"), exact: true }).check();
    await evaluation.getByLabel(t("projects:evaluation.comment"), { exact: true }).fill(`坡道很好用。${run}`);
    await go(
      page,
      evaluation.getByRole("button", { name: t("projects:evaluation.submit"), exact: true }),
      /\?notice=evaluate$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("projects:page.notices.evaluate"));
    await expect(evaluation.locator(".satisfaction-result")).toHaveText(
      counts(2, 1, t("projects:outcome.satisfied")),
    );
    await expect(evaluation).toContainText(
      t("projects:evaluation.yours", { rating: t("projects:rating.satisfied") }),
    );
    await expect(
      evaluation.getByRole("button", { name: t("projects:evaluation.change"), exact: true }),
    ).toBeVisible();
    await page.context().close();
  });

  test("8. a visitor who is not logged in reads the proposal and the results; a forged id is a 404", async ({
    page,
  }) => {
    await visit(page, proposalPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(proposal.title);
    await expect(page.getByRole("region", { name: t("proposals:page.officialResponse") })).toContainText(
      proposal.response,
    );
    await expect(page.getByText(proposal.comment)).toBeVisible();
    await expect(page.getByRole("link", { name: t("deliberation:thread.login"), exact: true })).toBeVisible();

    const scheme = await openScheme(page, schemes.counting);
    await visit(page, `${scheme}/results`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      t("voting:results.title", { scheme: schemes.counting }),
    );
    await expect(page.getByRole("table").first()).toBeVisible();
    await expect(main(page).getByText(t("voting:results.yes"), { exact: false }).first()).toBeVisible();

    await visit(page, `/proposals/${randomUUID()}`, 404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      text("zh-CN", "common:errorPage.404.title"),
    );
  });
});
