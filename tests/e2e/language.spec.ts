import { checkA11y, expect, han, newTrackedPage, test, text, visit } from "./fixtures";

const nav = (page: import("@playwright/test").Page) =>
  page.getByRole("navigation", { name: /主导航|主導航|main navigation/i });

test("a language chosen on the home page stays chosen on the next pages", async ({ page }) => {
  await visit(page, "/");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("lang", "zh-CN");

  await page.getByRole("button", { name: text("en", "common:locale.names.en") }).click();
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("en", "common:home.title"));
  await checkA11y(page);

  // Two more pages, reached through the site's own links.
  await nav(page)
    .getByRole("link", { name: text("en", "common:nav.areas") })
    .click();
  await expect(page).toHaveURL(/\/areas$/);
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(han);
  await checkA11y(page);

  await nav(page)
    .getByRole("link", { name: text("en", "common:nav.register") })
    .click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(han);
  await checkA11y(page);

  // A full reload (no client state) still comes back in English: the choice is remembered.
  await page.reload();
  await expect(html).toHaveAttribute("lang", "en");
  await expect(nav(page).getByRole("link", { name: text("en", "common:nav.login") })).toBeVisible();

  await page.getByRole("button", { name: text("zh-HK", "common:locale.names.zh-HK") }).click();
  await expect(html).toHaveAttribute("lang", "zh-HK");
  await expect(nav(page).getByRole("link", { name: text("zh-HK", "common:nav.login") })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(han);
  await checkA11y(page);

  await nav(page)
    .getByRole("link", { name: text("zh-HK", "common:nav.areas") })
    .click();
  await expect(page).toHaveURL(/\/areas$/);
  await expect(html).toHaveAttribute("lang", "zh-HK");
  await checkA11y(page);
});

test("a browser that asks for English gets English without switching", async ({ browser }) => {
  const page = await newTrackedPage(browser, { locale: "en", extraHTTPHeaders: { "Accept-Language": "en" } });
  await visit(page, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("en", "common:home.title"));
  await expect(page.getByRole("button", { name: text("en", "common:locale.names.en") })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.context().close();
});

test("a browser that asks for traditional Chinese gets 繁體中文", async ({ browser }) => {
  const page = await newTrackedPage(browser, { locale: "zh-TW" });
  await visit(page, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-HK");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("zh-HK", "common:home.title"));
  await page.context().close();
});
