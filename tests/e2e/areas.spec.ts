import type { Page } from "@playwright/test";
import { checkA11y, expect, test, text, visit } from "./fixtures";

const t = (key: string) => text("zh-CN", key);

function breadcrumbs(page: Page) {
  return page.getByRole("navigation", { name: t("areas:page.breadcrumbLabel") });
}

function childLinks(page: Page) {
  return page.getByRole("region", { name: t("areas:page.childrenTitle") }).getByRole("link");
}

/** Nothing wider than the viewport: a phone user never scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${clientWidth}px viewport`).toBeLessThanOrEqual(
    clientWidth,
  );
}

/** City → 天河区 → a street → a community, checking breadcrumbs and axe on every page. */
async function walkDownToACommunity(page: Page) {
  await visit(page, "/areas");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("areas:index.title"));
  await expectNoSidewaysScroll(page);

  await page.getByRole("link", { name: "天河区", exact: true }).click();
  await expect(page).toHaveURL(/\/areas\/440106$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("天河区");
  await expect(breadcrumbs(page).getByRole("link", { name: "广州市" })).toHaveAttribute(
    "href",
    "/areas/4401",
  );
  await expect(breadcrumbs(page).locator('[aria-current="page"]')).toHaveText("天河区");
  await checkA11y(page);
  await expectNoSidewaysScroll(page);

  const street = childLinks(page).first();
  const streetName = (await street.textContent())!.trim();
  await street.click();
  await expect(page).toHaveURL(/\/areas\/440106\d{3}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(streetName);
  await expect(breadcrumbs(page).getByRole("link", { name: "天河区" })).toBeVisible();
  await expect(breadcrumbs(page).locator('[aria-current="page"]')).toHaveText(streetName);
  await checkA11y(page);
  await expectNoSidewaysScroll(page);

  const community = childLinks(page).first();
  const communityName = (await community.textContent())!.trim();
  await community.click();
  await expect(page).toHaveURL(/\/areas\/440106\d{6}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(communityName);
  const crumbs = breadcrumbs(page);
  await expect(crumbs.getByRole("link")).toHaveText([t("areas:index.title"), "广州市", "天河区", streetName]);
  await expect(crumbs.locator('[aria-current="page"]')).toHaveText(communityName);
  await expect(page.getByRole("row", { name: new RegExp(t("areas:page.level")) })).toContainText(
    t("areas:levels.community"),
  );
  await checkA11y(page);
  await expectNoSidewaysScroll(page);
}

test("from the city down to a community, with breadcrumbs", async ({ page }) => {
  await walkDownToACommunity(page);
});

test("the same walk on a 360 px wide phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await walkDownToACommunity(page);
});

test("area search finds a district by Chinese name and by pinyin initials", async ({ page }) => {
  await visit(page, "/areas");
  const search = page.getByRole("search");
  await search.getByLabel(t("areas:search.label")).fill("天河");
  await search.getByRole("button", { name: t("areas:search.submit") }).click();
  await expect(page).toHaveURL(/\?q=/);
  // The results section is named after the query; the district list further down does not count.
  await expect(
    page.getByRole("region", { name: /天河/ }).getByRole("link", { name: "天河区", exact: true }),
  ).toBeVisible();
  await checkA11y(page);

  await page.getByRole("search").getByLabel(t("areas:search.label")).fill("thq");
  await page
    .getByRole("search")
    .getByRole("button", { name: t("areas:search.submit") })
    .click();
  await expect(page).toHaveURL(/q=thq/);
  await expect(
    page.getByRole("region", { name: /thq/ }).getByRole("link", { name: "天河区", exact: true }),
  ).toBeVisible();
  await checkA11y(page);
});
