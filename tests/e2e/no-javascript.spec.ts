import { checkA11y, demo, expect, login, test, text, visit } from "./fixtures";

// Residents on old phones or with scripts blocked: every form must post natively.
test.use({ javaScriptEnabled: false });

test("without JavaScript a resident logs in, switches language and turns on large text", async ({ page }) => {
  const html = page.locator("html");
  await login(page, demo.resident);
  await visit(page, "/account");
  await expect(
    page.getByRole("navigation").getByRole("button", { name: text("zh-CN", "common:nav.logout") }),
  ).toBeVisible();

  await page.getByRole("button", { name: text("en", "common:locale.names.en") }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(html).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/\p{Script=Han}/u);
  await checkA11y(page);

  const largeText = page.getByRole("button", { name: text("en", "common:textSize.large") });
  await expect(largeText).toHaveAttribute("aria-pressed", "false");
  await largeText.click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(html).toHaveAttribute("data-text", "large");
  await expect(largeText).toHaveAttribute("aria-pressed", "true");
  await checkA11y(page);

  // Remembered on the next pages.
  for (const path of ["/", "/areas"]) {
    await visit(page, path);
    await expect(html).toHaveAttribute("data-text", "large");
    await expect(html).toHaveAttribute("lang", "en");
  }

  // Back to the defaults, through the same forms, so the demo account is left as it was found.
  await page.getByRole("button", { name: text("en", "common:textSize.large") }).click();
  await expect(html).toHaveAttribute("data-text", "normal");
  await page.getByRole("button", { name: text("zh-CN", "common:locale.names.zh-CN") }).click();
  await expect(html).toHaveAttribute("lang", "zh-CN");
  await checkA11y(page);
});

test("without JavaScript an anonymous visitor's large-text choice is remembered", async ({ page }) => {
  const html = page.locator("html");
  await visit(page, "/");
  await expect(html).toHaveAttribute("data-text", "normal");
  await page.getByRole("button", { name: text("zh-CN", "common:textSize.large") }).click();
  await expect(html).toHaveAttribute("data-text", "large");
  await checkA11y(page);
  await visit(page, "/login");
  await expect(html).toHaveAttribute("data-text", "large");
});
