// What every journey uses: axe on each page, login through the UI, unique test data, and a guard that
// fails a test which visited a page without checking it with axe.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  type Browser,
  type BrowserContextOptions,
  type Page,
  type Response,
} from "@playwright/test";

export { expect };

export const demoPassword = "kapok-demo";
export const demo = {
  resident: "resident@demo.kapok.city",
  neighbour: "neighbour@demo.kapok.city",
  neighbour2: "neighbour2@demo.kapok.city",
  street: "street@demo.kapok.city",
  committee: "committee@demo.kapok.city",
  gridworker: "gridworker@demo.kapok.city",
  newcomer: "newcomer@demo.kapok.city",
  admin: "admin@demo.kapok.city",
  district: "district@demo.kapok.city",
  city: "city@demo.kapok.city",
  ngo: "ngo@demo.kapok.city",
  ngo2: "ngo2@demo.kapok.city",
  reviewer: "reviewer@demo.kapok.city",
  reviewer2: "reviewer2@demo.kapok.city",
  reviewer3: "reviewer3@demo.kapok.city",
} as const;

export type Locale = "zh-CN" | "zh-HK" | "en";

/** A string from the app's own catalogues, so journeys follow the wording instead of copying it. */
export function text(locale: Locale, key: string): string {
  const [ns, rest] = key.split(":") as [string, string];
  const file = path.resolve(import.meta.dirname, "../../app/locales", locale, `${ns}.json`);
  let node: unknown = JSON.parse(readFileSync(file, "utf8"));
  for (const part of rest.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "string") throw new Error(`no string ${key} in ${locale}`);
  return node;
}

/** A catalogue string with its {{params}} filled in. */
export function tr(locale: Locale, key: string, params: Record<string, string | number> = {}) {
  let value = text(locale, key);
  for (const [name, replacement] of Object.entries(params))
    value = value.replaceAll(`{{${name}}}`, String(replacement));
  return value;
}

/** A catalogue string as a pattern, each {{param}} matching anything. */
export function shape(locale: Locale, key: string) {
  const parts = text(locale, key).split(/\{\{\w+\}\}/);
  return new RegExp(parts.map(escapeRegExp).join(".+?"));
}

/** Any Han character: used to tell an English page from a Chinese one. */
export const han = /\p{Script=Han}/u;

/** WCAG 2.1 A and AA: what the issue asks of every page. */
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface Tracking {
  visited: Set<string>;
  checked: Set<string>;
}
const tracking = new WeakMap<Page, Tracking>();
const trackedThisTest: Page[] = [];

function pageKey(url: string) {
  const parsed = new URL(url);
  return parsed.protocol.startsWith("http") ? parsed.pathname : "";
}

/** Records every page the main frame shows, so the test can fail if one of them skipped axe. */
export function trackPage(page: Page, options: { javaScriptEnabled?: boolean } = {}) {
  if (options.javaScriptEnabled === false) scriptless.add(page);
  if (tracking.has(page)) return page;
  const state: Tracking = { visited: new Set(), checked: new Set() };
  tracking.set(page, state);
  trackedThisTest.push(page);
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const key = pageKey(frame.url());
    if (key) state.visited.add(key);
  });
  return page;
}

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describeViolations(url: string, violations: Violation[]) {
  const lines = [`axe found ${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`  • [${v.impact ?? "?"}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 5)) {
      const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
      lines.push(`      ${node.target.join(" ")} — ${summary}`);
    }
    if (v.nodes.length > 5) lines.push(`      … and ${v.nodes.length - 5} more`);
  }
  return lines.join("\n");
}

// Pages whose context runs without JavaScript: axe cannot run inside them (it needs scripts).
const scriptless = new WeakSet<Page>();

// Legacy mode runs axe in the page itself instead of finishing in a fresh page per check: about twice
// as fast here, with the same results, and it only matters for cross-origin iframes, which we never have.
const axe = (page: Page) => new AxeBuilder({ page }).withTags(axeTags).setLegacyMode(true);

async function analyze(page: Page) {
  if (!scriptless.has(page)) return await axe(page).analyze();
  // Check the exact DOM the scriptless visitor got: served again, minus its (never run) scripts, to a
  // scripted twin at the same address so styles and contrast are the real ones.
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  // Contexts made inside a test inherit its options (javaScriptEnabled: false among them): say it.
  const twinContext = await page
    .context()
    .browser()!
    .newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  try {
    const twin = await twinContext.newPage();
    await twin.route(url, (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await twin.goto(url);
    return await axe(twin).analyze();
  } finally {
    await twinContext.close();
  }
}

/** Runs axe (WCAG 2.1 A/AA) on the current page and fails with a readable list of violations. */
export async function checkA11y(page: Page) {
  const url = page.url();
  const results = await analyze(page);
  tracking.get(page)?.checked.add(pageKey(url));
  if (results.violations.length > 0) throw new Error(describeViolations(url, results.violations));
}

/** Goes to `path`, expects the status (200 by default), and runs axe. */
export async function visit(page: Page, path: string, status = 200): Promise<Response | null> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
  await checkA11y(page);
  return response;
}

/** Page in a new context (other language, JS off, …), tracked like the default page. */
export async function newTrackedPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext(options);
  return trackPage(await context.newPage(), options);
}

const locales: Locale[] = ["zh-CN", "zh-HK", "en"];
export const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Matches the catalogue string `key` exactly, in whichever of the three languages the page shows. */
export function anyLanguage(key: string): RegExp {
  const variants = [...new Set(locales.map((locale) => text(locale, key)))];
  return new RegExp(`^(${variants.map(escapeRegExp).join("|")})$`);
}

/** Logs in through the login page (axe-checked) and waits until it leaves /login. */
export async function login(page: Page, email: string, password = demoPassword) {
  await visit(page, "/login");
  await page.getByLabel(anyLanguage("accounts:fields.identifier")).fill(email);
  await page.getByLabel(anyLanguage("accounts:fields.password")).fill(password);
  await page
    .getByRole("main")
    .getByRole("button", { name: anyLanguage("accounts:login.submit") })
    .click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  await checkA11y(page);
}

/** Logs out with the header's button and waits for the anonymous header. */
export async function logout(page: Page) {
  await page.getByRole("button", { name: anyLanguage("common:nav.logout") }).click();
  await expect(
    page.getByRole("navigation").getByRole("link", { name: anyLanguage("common:nav.login") }),
  ).toBeVisible();
  await checkA11y(page);
}

const runId = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;

/** A mainland mobile number nobody else in this run uses (13x–19x, 11 digits). */
export function uniquePhone() {
  return `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
}

export function uniqueEmail(label = "resident") {
  return `e2e-${label}-${runId}-${randomInt(1_000_000).toString(36)}@example.test`;
}

export const test = base.extend<{ a11yGuard: void }>({
  a11yGuard: [
    async ({ page, javaScriptEnabled }, use, testInfo) => {
      trackedThisTest.length = 0;
      trackPage(page, { javaScriptEnabled });
      await use();
      if (testInfo.status !== testInfo.expectedStatus) return;
      const missed = trackedThisTest.flatMap((p) => {
        const state = tracking.get(p)!;
        return [...state.visited].filter((key) => !state.checked.has(key));
      });
      expect(missed, "pages visited without an axe check").toEqual([]);
    },
    { auto: true },
  ],
});
