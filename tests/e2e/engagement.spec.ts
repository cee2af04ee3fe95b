import type { Page } from "@playwright/test";
import { checkA11y, demo, expect, login, logout, newTrackedPage, test, text, visit } from "./fixtures";

// The engagement index: drill-down dashboards, their downloads and API, methodology and weights.

const t = (key: string, vars: Record<string, string> = {}) =>
  text("zh-CN", key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? "");

/** The table of the areas within `name` (its scrolling region is named by the table's caption). */
function ranking(page: Page, name: string) {
  return page.getByRole("region", { name: t("metrics:ranking.caption", { name }) });
}

function breadcrumbs(page: Page) {
  return page.getByRole("navigation", { name: t("metrics:dashboard.breadcrumbLabel") });
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `page is ${scrollWidth}px wide in a ${clientWidth}px viewport`).toBeLessThanOrEqual(
    clientWidth,
  );
}

/** What every dashboard shows: its title, the index's name and disclaimer, charts with a text alternative. */
async function expectDashboard(page: Page, name: string) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("metrics:dashboard.title", { name }));
  await expect(page.getByText(t("metrics:dashboard.notOfficial"))).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: t("metrics:componentsTable.title") }),
  ).toBeVisible();
  // Every chart is one image with a name, and a table follows it.
  const charts = page.locator("svg[role=img]");
  expect(await charts.count()).toBeGreaterThanOrEqual(3);
  for (const chart of await charts.all()) {
    await expect(chart).toHaveAttribute("aria-labelledby", /.+/);
    expect(await chart.locator("title").textContent()).toBeTruthy();
  }
  await expectNoSidewaysScroll(page);
}

/** City → district (天河区) → its first street → that street's first community, axe on each page. */
async function drillDown(page: Page) {
  await visit(page, "/engagement");
  await expectDashboard(page, "广州市");
  await expect(page.getByText(t("metrics:dashboard.publicBadge"), { exact: true })).toBeVisible();

  await ranking(page, "广州市").getByRole("link", { name: "天河区", exact: true }).click();
  await expect(page).toHaveURL(/\/engagement\/440106\?/);
  await expectDashboard(page, "天河区");
  await expect(breadcrumbs(page).getByRole("link", { name: "广州市" })).toHaveAttribute(
    "href",
    "/engagement/4401",
  );
  await checkA11y(page);

  const street = ranking(page, "天河区").getByRole("rowheader").getByRole("link").first();
  const streetName = (await street.textContent())!.trim();
  await street.click();
  await expect(page).toHaveURL(/\/engagement\/440106\d{3}\?/);
  await expectDashboard(page, streetName);
  await checkA11y(page);

  const community = ranking(page, streetName).getByRole("rowheader").getByRole("link").first();
  const communityName = (await community.textContent())!.trim();
  await community.click();
  await expect(page).toHaveURL(/\/engagement\/440106\d{6}\?/);
  await expectDashboard(page, communityName);
  await expect(breadcrumbs(page).getByRole("link")).toHaveText([
    t("metrics:dashboard.breadcrumbRoot"),
    "广州市",
    "天河区",
    streetName,
  ]);
  await expect(breadcrumbs(page).locator('[aria-current="page"]')).toHaveText(communityName);
  // The public never sees grids.
  await expect(page.getByText(t("metrics:ranking.gridsWithheld"))).toBeVisible();
  await checkA11y(page);
  return page.url();
}

test("from the city down to a community, public view, axe on every page", async ({ page }) => {
  test.setTimeout(180_000);
  await drillDown(page);
});

test("the same drill-down on a 360 px wide phone screen", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await drillDown(page);
});

test("sorting, periods, granularity and comparison are plain links and GET forms", async ({ page }) => {
  test.setTimeout(180_000);
  await visit(page, "/engagement/440106");
  const table = ranking(page, "天河区");
  await table.getByRole("link", { name: text("zh-CN", "metrics:components.breadth.name") }).click();
  await expect(page).toHaveURL(/sort=breadth&dir=desc/);
  await expect(ranking(page, "天河区").locator("th[aria-sort=descending]")).toContainText(
    text("zh-CN", "metrics:components.breadth.name"),
  );
  await checkA11y(page);

  await page.getByRole("button", { name: t("metrics:period.preset.30d") }).click();
  await expect(page).toHaveURL(/preset=30d/);
  await expect(page.getByRole("button", { name: t("metrics:period.preset.30d") })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await checkA11y(page);

  await page.getByLabel(t("metrics:period.from")).first().fill("2026-03-01");
  await page.getByLabel(t("metrics:period.to")).first().fill("2026-01-01");
  await page.getByRole("button", { name: t("metrics:period.apply") }).click();
  await expect(page.getByText(t("metrics:period.errors.order")).first()).toBeVisible();
  await expect(page.getByText(t("metrics:period.invalid"))).toBeVisible();
  await checkA11y(page);
});

test("a grid is for its officials: 403 with an explanation for the public, exact figures for an admin", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await login(page, demo.admin);
  const communityUrl = await (async () => {
    await visit(page, "/engagement/440106");
    const street = ranking(page, "天河区").getByRole("rowheader").getByRole("link").first();
    const streetName = (await street.textContent())!.trim();
    await street.click();
    await expect(page).toHaveURL(/\/engagement\/440106\d{3}\?/);
    await checkA11y(page);
    const community = ranking(page, streetName).getByRole("rowheader").getByRole("link").first();
    const name = (await community.textContent())!.trim();
    await community.click();
    await expect(page).toHaveURL(/\/engagement\/440106\d{6}\?/);
    await checkA11y(page);
    return { url: page.url(), name };
  })();
  await expect(page.getByText(t("metrics:dashboard.exactBadge"))).toBeVisible();
  const grid = ranking(page, communityUrl.name).getByRole("rowheader").getByRole("link").first();
  const gridHref = (await grid.getAttribute("href"))!;
  expect(gridHref).toMatch(/^\/engagement\/\d{14}\?/);
  await grid.click();
  await expect(page).toHaveURL(/\/engagement\/\d{14}\?/);
  await expect(page.getByText(t("metrics:dashboard.exactBadge"))).toBeVisible();
  await checkA11y(page);

  const anonymous = await newTrackedPage(browser);
  await visit(anonymous, gridHref, 403);
  await expect(anonymous.getByRole("heading", { level: 1 })).toHaveText(t("metrics:access.gridTitle"));
  const code = gridHref.split("/")[2]!.split("?")[0]!;
  expect((await anonymous.request.get(`/api/v1/areas/${code}/engagement`)).status()).toBe(404);
  expect((await anonymous.request.get(`/engagement/${code}.csv`)).status()).toBe(403);
  await anonymous.context().close();
});

test("downloads, the API and its OpenAPI description", async ({ page }) => {
  const csv = await page.request.get("/engagement/440106.csv?table=children");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const body = await csv.text();
  expect(body.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(
    /^code,level,name_zh_cn,name_zh_hk,name_en,index,participants/,
  );

  const json = await page.request.get("/engagement/440106.json");
  expect(json.status()).toBe(200);
  const all = (await json.json()) as { figures: string; tables: Record<string, unknown[]> };
  expect(all.figures).toBe("public");
  expect(Object.keys(all.tables)).toEqual(["summary", "components", "children", "series", "comparison"]);

  const api = await page.request.get("/api/v1/areas/4401/engagement");
  expect(api.status()).toBe(200);
  expect(api.headers()["cache-control"]).toBe("public, max-age=60");
  expect(((await api.json()) as { area: { code: string } }).area.code).toBe("4401");
  expect(
    (await page.request.get("/api/v1/areas/4401/engagement?from=2026-02-30&to=2026-03-01")).status(),
  ).toBe(400);
  const openapi = await page.request.get("/api/v1/openapi.json");
  expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");
});

test("the methodology page names every component, its weight and the rules", async ({ page }) => {
  await visit(page, "/engagement/methodology");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("metrics:methodology.title"));
  await expect(page.getByText(t("metrics:methodology.notOfficial"))).toBeVisible();
  for (const key of [
    "breadth",
    "deliberation",
    "turnout",
    "responsiveness",
    "delivery",
    "satisfaction",
    "transparency",
    "partnership",
  ]) {
    await expect(
      page.getByRole("heading", { level: 3, name: text("zh-CN", `metrics:components.${key}.name`) }),
    ).toBeVisible();
  }
  await expect(page.getByRole("heading", { level: 2, name: t("metrics:suppression.title") })).toBeVisible();
});

test("weights: only for administrators; a sum other than 100 is refused, 100 publishes a version", async ({
  page,
}) => {
  await login(page, demo.resident);
  await visit(page, "/admin/engagement-weights", 403);
  await logout(page);

  await login(page, demo.admin);
  await visit(page, "/admin/engagement-weights");
  const breadth = page.getByLabel(text("zh-CN", "metrics:components.breadth.name"));
  const before = Number(await breadth.inputValue());
  await breadth.fill(String(before + 1));
  await page.getByRole("button", { name: t("metrics:weightsAdmin.submit") }).click();
  await expect(page.getByText(text("zh-CN", "metrics:errors.weightsSum"))).toBeVisible();
  await checkA11y(page);

  await page.getByLabel(text("zh-CN", "metrics:components.breadth.name")).fill(String(before));
  await page.getByLabel(t("metrics:weightsAdmin.note")).fill("e2e: same weights again");
  await page.getByRole("button", { name: t("metrics:weightsAdmin.submit") }).click();
  await expect(page).toHaveURL(/saved=\d+/);
  await expect(page.getByText(text("zh-CN", "metrics:weightsAdmin.saved").split("{{")[0]!)).toBeVisible();
  await checkA11y(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the dashboard's links and GET forms all work", async ({ page }) => {
    test.setTimeout(180_000);
    await visit(page, "/engagement");
    await expectDashboard(page, "广州市");
    await page.getByRole("button", { name: t("metrics:period.preset.quarter") }).click();
    await expect(page).toHaveURL(/preset=quarter/);
    await checkA11y(page);

    await page.getByRole("radio", { name: t("metrics:series.week") }).check();
    await page.getByRole("button", { name: t("metrics:series.apply") }).click();
    await expect(page).toHaveURL(/granularity=week/);
    await expect(page.getByRole("radio", { name: t("metrics:series.week") })).toBeChecked();
    await checkA11y(page);

    await page.getByLabel(t("metrics:period.from")).nth(2).fill("2025-01-01");
    await page.getByLabel(t("metrics:period.to")).nth(2).fill("2025-04-01");
    await page.getByRole("button", { name: t("metrics:comparison.apply") }).click();
    await expect(page).toHaveURL(/bfrom=2025-01-01&bto=2025-04-01/);
    await checkA11y(page);

    await ranking(page, "广州市").getByRole("link", { name: "天河区", exact: true }).click();
    await expect(page).toHaveURL(/\/engagement\/440106\?/);
    await expectDashboard(page, "天河区");
    await checkA11y(page);
  });
});
