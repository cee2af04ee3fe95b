import { randomInt } from "node:crypto";
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
  tr,
  visit,
  type Locale,
} from "./fixtures";

// Issue 5 on the demo city, one step after the other on shared state: a resident raises a matter → the
// committee acknowledges it and opens a consultation → a grid worker records an assisted answer and
// residents answer (one without JavaScript, one in English; the assisted resident once) → a meeting with
// check-in → the committee publishes the outcome with follow-up actions → the resident rates the response,
// and the community's "what was decided here" page lists the outcome.

const t = (key: string, params?: Record<string, string | number>) => tr("zh-CN", key, params);
const en = (key: string, params?: Record<string, string | number>) => tr("en", key, params);

/** A date-time as a datetime-local field wants it, in Guangzhou time (UTC+8, no daylight saving). */
function guangzhou(date: Date) {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}
const MINUTE = 60_000;
const DAY = 86_400_000;

const run = randomInt(1_000_000).toString(36);
const matter = {
  title: `东门空地杂物堆积 ${run}`,
  description: "东门旁边的空地堆满了废旧家具和建筑垃圾，晚上路过很危险，也招老鼠。希望清理后好好利用。",
  address: "东门空地（5栋旁）",
};
const consultation = {
  background: `空地清理后可以改作停车位或休闲区，请居民投票并提出意见。${run}`,
};
const prompts = {
  single: "东门空地改作什么？",
  multiple: "休闲区需要哪些设施？",
  ranking: "施工时段按优先顺序排列",
  scale: "您对东门空地现状的满意程度",
  text: "其他意见",
};
const options = {
  single: ["停车位", "休闲区", "一半停车一半休闲"],
  multiple: ["座椅", "健身器材", "儿童滑梯", "遮阳棚"],
  ranking: ["工作日白天", "周末", "晚上"],
};
const outcome = {
  summary: `共收到 3 份答卷，多数居民希望改作休闲区。${run}`,
  decisions: `东门空地改作休闲区，设座椅和遮阳棚。${run}`,
  opinion: "改作休闲区",
  reason: "多数居民支持，且不影响消防通道。",
  action: `清理空地杂物 ${run}`,
  owner: "车陂北社区居委会",
};

let matterPath = "";
let consultationPath = "";
let meetingPath = "";
let outcomePath = "";
let checkInCode = "";

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

interface Answers {
  single: string;
  multiple: string[];
  ranking: string[];
  scale: string;
  text?: string;
}

/** Fills the questionnaire (the same fields on the resident's page and the grid worker's). */
async function fillAnswers(page: Page, answers: Answers) {
  const question = (prompt: string) =>
    main(page).getByRole("group", { name: new RegExp(escapeRegExp(prompt)) });
  await question(prompts.single).getByLabel(answers.single, { exact: true }).check();
  for (const option of options.multiple)
    await question(prompts.multiple)
      .getByLabel(option, { exact: true })
      .setChecked(answers.multiple.includes(option));
  for (const [i, option] of answers.ranking.entries())
    await question(prompts.ranking)
      .getByLabel(option, { exact: true })
      .selectOption(String(i + 1));
  await question(prompts.scale).getByLabel(answers.scale, { exact: true }).check();
  if (answers.text)
    await main(page)
      .getByRole("textbox", { name: new RegExp(escapeRegExp(prompts.text)) })
      .fill(answers.text);
}

const counts = (locale: Locale, total: number, web: number, assisted: number) =>
  tr(locale, "consultations:page.responseCounts", { total, web, assisted });

test.describe.serial("neighbourhood matters: from a resident's first message to a published outcome", () => {
  test("1. a resident raises a matter for her community", async ({ browser }) => {
    const page = await signedIn(browser, demo.resident);
    await visit(page, "/matters/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("matters:raise.title"));
    await page.getByLabel(t("matters:raise.titleLabel"), { exact: true }).fill(matter.title);
    await page.getByLabel(t("matters:raise.description"), { exact: true }).fill(matter.description);
    await page.getByLabel(t("matters:raise.category"), { exact: true }).selectOption("environment");
    await page.getByLabel(t("matters:raise.address"), { exact: true }).fill(matter.address);
    await go(
      page,
      main(page).getByRole("button", { name: t("matters:raise.submit"), exact: true }),
      /\/matters\/[0-9a-f-]{36}\?notice=raised$/,
    );
    matterPath = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(matter.title);
    await expect(main(page)).toContainText(t("matters:detail.notices.raised"));
    // Who handles it and by when is visible from the first moment.
    const handling = page.getByRole("region", { name: t("matters:detail.handlingHeading"), exact: true });
    await expect(handling).toContainText(t("matters:detail.noHandler"));
    await expect(handling).toContainText(shape("zh-CN", "matters:detail.dueIn"));
    await page.context().close();
  });

  test("2. the committee acknowledges it from its queue and opens a consultation on it", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.committee);
    await visit(page, "/matters?queue=1");
    await go(
      page,
      main(page).getByRole("link", { name: matter.title, exact: true }),
      new RegExp(`${matterPath}$`),
    );

    const manage = page.getByRole("region", { name: t("matters:manage.heading"), exact: true });
    await go(
      page,
      manage.getByRole("button", { name: t("matters:manage.acknowledge"), exact: true }),
      /\?notice=acknowledged$/,
    );
    await expect(
      page.getByRole("region", { name: t("matters:detail.handlingHeading"), exact: true }),
    ).toContainText("黄主任");

    await go(
      page,
      main(page).getByRole("link", { name: t("matters:manage.consultLink") }),
      /\/consultations\/new\?matter=[0-9a-f-]{36}$/,
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("consultations:new.title"));
    await expect(main(page)).toContainText(t("consultations:new.onMatter", { title: matter.title }));
    await expect(page.getByLabel(t("consultations:form.title"), { exact: true })).toHaveValue(matter.title);
    await page.getByLabel(t("consultations:form.background"), { exact: true }).fill(consultation.background);
    const now = Date.now();
    await page
      .getByLabel(t("consultations:form.opensAt"), { exact: true })
      .fill(guangzhou(new Date(now - 10 * MINUTE)));
    await page
      .getByLabel(t("consultations:form.closesAt"), { exact: true })
      .fill(guangzhou(new Date(now + 14 * DAY)));
    await page.getByLabel(t("consultations:form.liveResults"), { exact: true }).check();
    await go(
      page,
      main(page).getByRole("button", { name: t("consultations:new.submit"), exact: true }),
      /\/consultations\/[0-9a-f-]{36}\/edit\?notice=created$/,
    );
    consultationPath = new URL(page.url()).pathname.replace(/\/edit$/, "");

    // Questions of every kind: single, multiple (1–2), ranking, scale, optional free text.
    const addQuestion = async (
      kind: string,
      prompt: string,
      choices: string[] = [],
      extra: { min?: string; max?: string; optional?: boolean } = {},
    ) => {
      await page.getByLabel(t("consultations:questions.kind"), { exact: true }).selectOption(kind);
      await page.getByLabel(t("consultations:questions.prompt"), { exact: true }).fill(prompt);
      await page.getByLabel(t("consultations:questions.options"), { exact: true }).fill(choices.join("\n"));
      if (extra.min)
        await page.getByLabel(t("consultations:questions.minChoices"), { exact: true }).fill(extra.min);
      if (extra.max)
        await page.getByLabel(t("consultations:questions.maxChoices"), { exact: true }).fill(extra.max);
      if (extra.optional)
        await page.getByLabel(t("consultations:questions.required"), { exact: true }).uncheck();
      await go(
        page,
        main(page).getByRole("button", { name: t("consultations:questions.add"), exact: true }),
        /\/edit\?notice=questionAdded/,
      );
      await expect(
        main(page).getByRole("heading", { level: 3, name: new RegExp(escapeRegExp(prompt)) }),
      ).toBeVisible();
    };
    await addQuestion("single", prompts.single, options.single);
    await addQuestion("multiple", prompts.multiple, options.multiple, { min: "1", max: "2" });
    await addQuestion("ranking", prompts.ranking, options.ranking);
    await addQuestion("scale", prompts.scale);
    await addQuestion("text", prompts.text, [], { optional: true });
    await expect(
      page.getByRole("heading", { level: 2, name: t("consultations:questions.heading", { count: 5 }) }),
    ).toBeVisible();

    await go(
      page,
      main(page).getByRole("button", { name: t("consultations:edit.publish"), exact: true }),
      /\/edit\?notice=published$/,
    );
    await expect(page.getByRole("status")).toHaveText(t("consultations:edit.notices.published"));

    // The matter now says a consultation answers it, and links to it.
    await visit(page, matterPath);
    const response = page.getByRole("region", { name: t("matters:detail.responseHeading"), exact: true });
    await expect(response).toContainText(t("matters:responseKinds.consultation"));
    await expect(response.getByRole("link", { name: t("matters:detail.consultationLink") })).toHaveAttribute(
      "href",
      consultationPath,
    );
    await page.context().close();
  });

  test("3. a grid worker records an assisted answer; the resident answering online is counted once", async ({
    browser,
  }) => {
    const grid = await signedIn(browser, demo.gridworker);
    await visit(grid, `${consultationPath}/assisted`);
    await expect(grid.getByRole("heading", { level: 1 })).toHaveText(t("consultations:assisted.title"));
    await grid
      .getByLabel(t("consultations:assisted.resident"), { exact: true })
      .selectOption({ label: "陈阿姨" });
    await fillAnswers(grid, {
      single: options.single[0]!,
      multiple: [options.multiple[0]!],
      ranking: options.ranking,
      scale: "2",
    });
    await go(
      grid,
      main(grid).getByRole("button", { name: t("consultations:assisted.submit"), exact: true }),
      /\/assisted\?notice=recorded$/,
    );
    await expect(grid.getByRole("status")).toHaveText(t("consultations:assisted.notices.recorded"));
    await visit(grid, consultationPath);
    await expect(main(grid)).toContainText(counts("zh-CN", 1, 0, 1));
    await grid.context().close();

    const page = await signedIn(browser, demo.resident);
    await visit(page, consultationPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(matter.title);
    await expect(main(page)).toContainText(shape("zh-CN", "consultations:respond.ownAssisted"));
    await fillAnswers(page, {
      single: options.single[1]!,
      multiple: [options.multiple[0]!, options.multiple[3]!],
      ranking: [options.ranking[1]!, options.ranking[0]!, options.ranking[2]!],
      scale: "1",
      text: "希望晚上有照明。",
    });
    await go(
      page,
      main(page).getByRole("button", { name: t("consultations:respond.update"), exact: true }),
      new RegExp(`${consultationPath}\\?notice=(responded|updated)$`),
    );
    await expect(main(page)).toContainText(shape("zh-CN", "consultations:respond.own"));
    // Her own answer replaced the assisted one: still one response, now online.
    await expect(main(page)).toContainText(counts("zh-CN", 1, 1, 0));
    await page.context().close();
  });

  test("4. a neighbour answers without JavaScript", async ({ browser }) => {
    const page = await signedIn(browser, demo.neighbour, { javaScriptEnabled: false });
    await visit(page, consultationPath);
    // A wrong answer first (three choices where at most two are allowed): the server says so.
    await fillAnswers(page, {
      single: options.single[1]!,
      multiple: options.multiple.slice(0, 3),
      ranking: options.ranking,
      scale: "3",
    });
    await main(page)
      .getByRole("button", { name: t("consultations:respond.submit"), exact: true })
      .click();
    await expect(main(page).getByRole("alert")).toContainText(
      t("consultations:respond.fixErrors", { count: 1 }),
    );
    await checkA11y(page);
    await fillAnswers(page, {
      single: options.single[1]!,
      multiple: [options.multiple[1]!],
      ranking: options.ranking,
      scale: "3",
    });
    await go(
      page,
      main(page).getByRole("button", { name: t("consultations:respond.submit"), exact: true }),
      new RegExp(`${consultationPath}\\?notice=responded$`),
    );
    await expect(page.getByRole("status")).toHaveText(t("consultations:respond.notices.responded"));
    await expect(main(page)).toContainText(counts("zh-CN", 2, 2, 0));
    await page.context().close();
  });

  test("5. Emma answers in English", async ({ browser }) => {
    const page = await newTrackedPage(browser, { locale: "en" });
    await visit(page, "/login");
    await page.getByRole("button", { name: en("common:locale.names.en") }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await checkA11y(page);
    await login(page, demo.neighbour2);
    await visit(page, consultationPath);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(
      page.getByRole("heading", { level: 2, name: en("consultations:respond.heading") }),
    ).toBeVisible();
    await expect(
      page.getByRole("heading", { level: 2, name: en("consultations:page.background") }),
    ).not.toHaveText(han);
    await fillAnswers(page, {
      single: options.single[1]!,
      multiple: [options.multiple[0]!, options.multiple[2]!],
      ranking: [options.ranking[2]!, options.ranking[1]!],
      scale: "4",
      text: "A shaded bench for parents would be lovely.",
    });
    await go(
      page,
      main(page).getByRole("button", { name: en("consultations:respond.submit"), exact: true }),
      new RegExp(`${consultationPath}\\?notice=responded$`),
    );
    await expect(page.getByRole("status")).toHaveText(en("consultations:respond.notices.responded"));
    await expect(main(page)).toContainText(counts("en", 3, 3, 0));
    await page.context().close();
  });

  test("6. the committee holds a meeting: a resident registers and is checked in once with her code", async ({
    browser,
  }) => {
    const committee = await signedIn(browser, demo.committee);
    await visit(committee, `/meetings/new?consultation=${consultationPath.split("/").pop()}`);
    await expect(committee.getByRole("heading", { level: 1 })).toHaveText(t("meetings:new.title"));
    const now = Date.now();
    await committee
      .getByLabel(t("meetings:new.fields.title"), { exact: true })
      .fill(`东门空地居民议事会 ${run}`);
    await committee
      .getByLabel(t("meetings:new.fields.place"), { exact: true })
      .fill("车陂北社区居委会二楼会议室");
    // An hour from now: check-in opens two hours before the start, so it is already open.
    await committee
      .getByLabel(t("meetings:new.fields.startsAt"), { exact: true })
      .fill(guangzhou(new Date(now + 60 * MINUTE)));
    await committee
      .getByLabel(t("meetings:new.fields.endsAt"), { exact: true })
      .fill(guangzhou(new Date(now + 120 * MINUTE)));
    await committee.getByLabel(t("meetings:new.fields.capacity"), { exact: true }).fill("20");
    await go(
      committee,
      main(committee).getByRole("button", { name: t("meetings:new.submit"), exact: true }),
      /\/meetings\/[0-9a-f-]{36}\?notice=created$/,
    );
    meetingPath = new URL(committee.url()).pathname;

    const resident = await signedIn(browser, demo.resident);
    await visit(resident, meetingPath);
    const registration = resident.getByRole("region", {
      name: t("meetings:page.registration.heading"),
      exact: true,
    });
    await go(
      resident,
      registration.getByRole("button", { name: t("meetings:page.registration.register"), exact: true }),
      /\?notice=registered$/,
    );
    await expect(registration).toContainText(t("meetings:page.registration.youAreRegistered"));
    checkInCode = (await resident.locator(".check-in-code").textContent())?.trim() ?? "";
    // Shown as "ABC DEF" to be read out; typed as shown at the door.
    expect(checkInCode).toMatch(/^[A-HJ-NP-Z2-9]{3} [A-HJ-NP-Z2-9]{3}$/);

    await visit(committee, meetingPath);
    const checkIn = committee.getByRole("region", { name: t("meetings:page.checkIn.heading"), exact: true });
    await checkIn
      .getByRole("textbox", { name: t("meetings:page.checkIn.code"), exact: true })
      .fill(checkInCode);
    await go(
      committee,
      checkIn.getByRole("button", { name: t("meetings:page.checkIn.submit"), exact: true }),
      /\?notice=checkedIn/,
    );
    await expect(
      committee.getByRole("region", { name: t("meetings:page.checkIn.heading"), exact: true }),
    ).toContainText(t("meetings:page.checkIn.attendance", { checkedIn: 1, registered: 1 }));

    // The same code a second time (typed differently: lower case, no space) is refused.
    const again = committee.getByRole("region", { name: t("meetings:page.checkIn.heading"), exact: true });
    await again
      .getByRole("textbox", { name: t("meetings:page.checkIn.code"), exact: true })
      .fill(checkInCode.replace(" ", "").toLowerCase());
    await again.getByRole("button", { name: t("meetings:page.checkIn.submit"), exact: true }).click();
    await expect(main(committee)).toContainText(t("meetings:errors.codeUsed"));
    await checkA11y(committee);
    await expect(
      committee.getByRole("region", { name: t("meetings:page.checkIn.heading"), exact: true }),
    ).toContainText(t("meetings:page.checkIn.attendance", { checkedIn: 1, registered: 1 }));

    await visit(resident, meetingPath);
    await expect(registration).toContainText(t("meetings:page.registration.checkedIn"));
    await resident.context().close();
    await committee.context().close();
  });

  test("7. the committee publishes the outcome with decisions and follow-up actions", async ({ browser }) => {
    // The consultation runs for two weeks; the committee publishes the outcome for the matter itself.
    const page = await signedIn(browser, demo.committee);
    await visit(page, `/outcomes/new?matter=${matterPath.split("/").pop()}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("meetings:outcomeNew.title"));
    await expect(page.getByLabel(t("meetings:outcomeNew.fields.title"), { exact: true })).toHaveValue(
      matter.title,
    );
    await page.getByLabel(t("meetings:outcomeNew.fields.summary"), { exact: true }).fill(outcome.summary);
    await page.getByLabel(t("meetings:outcomeNew.fields.decisions"), { exact: true }).fill(outcome.decisions);
    const item = main(page).getByRole("group", { name: t("meetings:outcomeNew.itemLegend", { n: 1 }) });
    await item.getByLabel(t("meetings:outcomeNew.opinion"), { exact: true }).fill(outcome.opinion);
    await item.getByLabel(t("meetings:outcomeNew.handling"), { exact: true }).selectOption("adopted");
    await item.getByLabel(t("meetings:outcomeNew.reason"), { exact: true }).fill(outcome.reason);
    const action = main(page).getByRole("group", { name: t("meetings:outcomeNew.actionLegend", { n: 1 }) });
    await action.getByLabel(t("meetings:outcomeNew.actionTitle"), { exact: true }).fill(outcome.action);
    await action.getByLabel(t("meetings:outcomeNew.owner"), { exact: true }).fill(outcome.owner);
    await action
      .getByLabel(t("meetings:outcomeNew.dueOn"), { exact: true })
      .fill(guangzhou(new Date(Date.now() + 30 * DAY)).slice(0, 10));
    await go(
      page,
      main(page).getByRole("button", { name: t("meetings:outcomeNew.submit"), exact: true }),
      /\/outcomes\/[0-9a-f-]{36}\?notice=published$/,
    );
    outcomePath = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(matter.title);
    await expect(
      page.getByRole("region", { name: t("meetings:outcome.decisions"), exact: true }),
    ).toContainText(outcome.decisions);
    // The items table is a region of its own, named like its section.
    await expect(main(page)).toContainText(outcome.opinion);
    const actions = page.getByRole("region", { name: t("meetings:outcome.actions.heading"), exact: true });
    await expect(actions.getByRole("heading", { level: 3, name: outcome.action })).toBeVisible();
    await expect(actions).toContainText(outcome.owner);
    await expect(actions).toContainText(t("meetings:followUpStatus.planned"));
    await page.context().close();
  });

  test("8. the resident rates the response and finds the outcome among what was decided here", async ({
    browser,
  }) => {
    const page = await signedIn(browser, demo.resident);
    await visit(page, matterPath);
    await expect(main(page).getByRole("link", { name: t("matters:detail.outcomeLink") })).toHaveAttribute(
      "href",
      outcomePath,
    );
    const rate = page.getByRole("region", { name: t("matters:rating.heading"), exact: true });
    await rate.getByRole("radio", { name: t("matters:ratings.satisfied"), exact: true }).check();
    await go(
      page,
      rate.getByRole("button", { name: t("matters:rating.submit"), exact: true }),
      /\?notice=rated$/,
    );
    await expect(main(page)).toContainText(t("matters:detail.notices.rated"));
    await expect(main(page)).toContainText(
      t("matters:rating.given", { rating: t("matters:ratings.satisfied") }),
    );

    await go(
      page,
      main(page).getByRole("link", { name: t("matters:detail.outcomeLink") }),
      new RegExp(`${outcomePath}$`),
    );
    await go(
      page,
      main(page).getByRole("link", { name: shape("zh-CN", "meetings:outcome.allDecisions") }),
      /\/decisions\/[^/?]+$/,
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      shape("zh-CN", "meetings:decisions.title"),
    );
    const listed = page.getByRole("region", { name: shape("zh-CN", "meetings:decisions.count") });
    await expect(listed.getByRole("link", { name: matter.title, exact: true })).toHaveAttribute(
      "href",
      outcomePath,
    );
    await page.context().close();
  });
});
