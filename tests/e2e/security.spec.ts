import type { Page } from "@playwright/test";
import { demo, demoPassword, expect, login, test, text, visit } from "./fixtures";

const evil = "http://evil.example";

/** The CSRF token the page's forms carry (the double-submit value of the visitor's cookie). */
async function csrfToken(page: Page) {
  const value = await page.locator('input[name="csrf"]').first().inputValue();
  expect(value).toMatch(/^[A-Za-z0-9_-]{32}$/);
  return value;
}

function ownOrigin(page: Page) {
  return new URL(page.url()).origin;
}

async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => /kapok_session$/.test(c.name));
}

test.describe("cross-site requests", () => {
  test("a post to /settings/locale from another site is refused and changes nothing", async ({ page }) => {
    await visit(page, "/");
    const csrf = await csrfToken(page);
    const forged = await page.request.post("/settings/locale", {
      headers: { Origin: evil },
      form: { csrf, locale: "en", redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(forged.headers()["set-cookie"] ?? "").not.toContain("kapok_lng");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

    // Without any Origin (and no Sec-Fetch-Site) it is refused too.
    const bare = await page.request.post("/settings/locale", {
      form: { csrf, locale: "en" },
      maxRedirects: 0,
    });
    expect(bare.status()).toBe(403);

    // The same request from our own origin works: the refusals above are not an accident of the set-up.
    const own = await page.request.post("/settings/locale", {
      headers: { Origin: ownOrigin(page) },
      form: { csrf, locale: "en", redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(own.status()).toBe(302);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("a right Origin with a missing or wrong CSRF token is refused", async ({ page }) => {
    await visit(page, "/");
    const csrf = await csrfToken(page);
    const origin = ownOrigin(page);
    const missing = await page.request.post("/settings/locale", {
      headers: { Origin: origin },
      form: { locale: "en", redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(missing.status()).toBe(403);
    const wrongToken = `${csrf.slice(0, -1)}${csrf.endsWith("A") ? "B" : "A"}`;
    const wrong = await page.request.post("/settings/locale", {
      headers: { Origin: origin },
      form: { csrf: wrongToken, locale: "en", redirectTo: "/" },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(403);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");

    const loginWrongToken = await page.request.post("/login", {
      headers: { Origin: origin },
      form: { csrf: wrongToken, identifier: demo.resident, password: demoPassword },
      maxRedirects: 0,
    });
    expect(loginWrongToken.status()).toBe(403);
    expect(await sessionCookie(page)).toBeUndefined();
  });

  test("a cross-site login is refused and signs nobody in", async ({ page }) => {
    await visit(page, "/login");
    const csrf = await csrfToken(page);
    const forged = await page.request.post("/login", {
      headers: { Origin: evil },
      form: { csrf, identifier: demo.resident, email: demo.resident, password: demoPassword },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    expect(forged.headers()["set-cookie"] ?? "").not.toContain("kapok_session");
    expect(await sessionCookie(page)).toBeUndefined();
    await page.reload();
    await expect(
      page.getByRole("navigation").getByRole("link", { name: text("zh-CN", "common:nav.login") }),
    ).toBeVisible();
  });

  test("a cross-site logout is refused and the session stays", async ({ page }) => {
    await login(page, demo.resident);
    const before = await sessionCookie(page);
    expect(before).toBeDefined();
    const csrf = await csrfToken(page);
    const forged = await page.request.post("/logout", {
      headers: { Origin: evil },
      form: { csrf },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await visit(page, "/account");
    await expect(page).toHaveURL(/\/account$/);
    expect((await sessionCookie(page))?.value).toBe(before!.value);
  });
});

test.describe("security headers", () => {
  test("the home page sends a nonce-based CSP and the other headers", async ({ request }) => {
    const first = await request.get("/");
    expect(first.status()).toBe(200);
    const headers = first.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]{16,})'/.exec(csp)?.[1];
    expect(nonce, `CSP: ${csp}`).toBeDefined();
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/frame-ancestors '(self|none)'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");

    // Every script the page carries has this response's nonce, and the next response gets a new one.
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const second = await request.get("/");
    expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
    await login(page, demo.resident);
    const session = await sessionCookie(page);
    expect(session, "session cookie after login").toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe("Lax");
    const csrf = (await page.context().cookies()).find((c) => /kapok_csrf$/.test(c.name));
    expect(csrf?.httpOnly).toBe(true);
  });
});
