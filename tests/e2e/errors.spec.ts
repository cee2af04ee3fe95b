import { expect, newTrackedPage, test, text, visit } from "./fixtures";

test("an unknown address shows the friendly 404 page", async ({ page }) => {
  await visit(page, "/no-such-page-here", 404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    text("zh-CN", "common:errorPage.404.title"),
  );
  await expect(page.getByRole("link", { name: text("zh-CN", "common:errorPage.home") })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("an unknown area, and an unknown address, show the 404 page in the visitor's language", async ({
  browser,
}) => {
  const page = await newTrackedPage(browser, { locale: "en" });
  await visit(page, "/areas/999999", 404);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("en", "common:errorPage.404.title"));
  await visit(page, "/no-such-page-here", 404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("en", "common:errorPage.404.title"));
  await page.context().close();
});
