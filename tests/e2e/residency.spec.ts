import { randomInt } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import {
  checkA11y,
  demo,
  expect,
  login,
  logout,
  newTrackedPage,
  test,
  text,
  uniquePhone,
  visit,
} from "./fixtures";

const t = (key: string, params?: Record<string, string>) => {
  let value = text("zh-CN", key);
  for (const [name, replacement] of Object.entries(params ?? {}))
    value = value.replaceAll(`{{${name}}}`, replacement);
  return value;
};

/** Registers through the form (axe on the way) and returns what the person typed. */
async function registerNewcomer(page: Page) {
  const person = {
    phone: uniquePhone(),
    password: `木棉花开 e2e ${randomInt(1_000_000)}`,
    displayName: `新居民${randomInt(100_000)}`,
  };
  await visit(page, "/register");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t("accounts:register.title"));
  await page.getByLabel(t("accounts:fields.identifier"), { exact: true }).fill(person.phone);
  await page.getByLabel(t("accounts:fields.password"), { exact: true }).fill(person.password);
  await page.getByLabel(t("accounts:fields.displayName"), { exact: true }).fill(person.displayName);
  await page
    .getByRole("main")
    .getByRole("button", { name: t("accounts:register.submit") })
    .click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(
    page
      .getByRole("navigation")
      .getByRole("link", { name: t("common:nav.account", { name: person.displayName }) }),
  ).toBeVisible();
  await checkA11y(page);
  return person;
}

interface Community {
  code: string;
  name: string;
  street: string;
  district: string;
}

/** The community the demo committee member serves, as their own account page shows it. */
async function demoCommitteeCommunity(browser: Browser): Promise<Community> {
  const page = await newTrackedPage(browser);
  await login(page, demo.committee);
  await expect(page).toHaveURL(/\/account$/);
  const role = page
    .getByRole("region", { name: t("accounts:account.roles") })
    .getByRole("listitem")
    .filter({ hasText: t("accounts:roles.committee_member") });
  await role.getByRole("link").click();
  await expect(page).toHaveURL(/\/areas\/\d+$/);
  await checkA11y(page);
  const crumbs = page.getByRole("navigation", { name: t("areas:page.breadcrumbLabel") });
  const trail = await crumbs.getByRole("link").allTextContents();
  const community: Community = {
    code: page.url().split("/").pop()!,
    name: (await crumbs.locator('[aria-current="page"]').textContent())!.trim(),
    street: trail.at(-1)!.trim(),
    district: trail.at(-2)!.trim(),
  };
  await page.context().close();
  return community;
}

test("a newcomer registers, asks to be verified, the committee approves, and the resident sees it", async ({
  page,
  browser,
}) => {
  test.slow(); // four logins, a dozen pages, axe on each
  const community = await demoCommitteeCommunity(browser);
  const person = await registerNewcomer(page);

  // 1. Ask to be verified in that community: district → street → community, one plain form each.
  await page
    .getByRole("main")
    .getByRole("link", { name: t("accounts:account.residencyLink") })
    .click();
  await expect(page).toHaveURL(/\/account\/residency$/);
  await expect(page.getByText(t("residency:account.none"))).toBeVisible();
  await checkA11y(page);
  const form = page.getByRole("region", { name: t("residency:account.requestHeading") });
  const next = form.getByRole("button", { name: t("residency:account.next") });
  await form
    .getByLabel(t("residency:account.district"), { exact: true })
    .selectOption({ label: community.district });
  await next.nth(0).click();
  await expect(page).toHaveURL(/district=/);
  await checkA11y(page);
  await form
    .getByLabel(t("residency:account.street"), { exact: true })
    .selectOption({ label: community.street });
  await next.nth(1).click();
  await expect(page).toHaveURL(/street=/);
  await checkA11y(page);
  await form
    .getByLabel(t("residency:account.community"), { exact: true })
    .selectOption({ label: community.name });
  await next.nth(2).click();
  await expect(page).toHaveURL(new RegExp(`community=${community.code}`));
  await checkA11y(page);
  await form.getByLabel(t("residency:account.message")).fill("3 栋 502 房");
  await form.getByRole("button", { name: t("residency:account.submit") }).click();
  await expect(page.getByRole("status")).toHaveText(t("residency:account.notices.requested"));
  await expect(page.getByText(t("residency:account.pendingBadge"), { exact: true })).toBeVisible();
  await checkA11y(page);
  await logout(page);

  // 2. The committee member of that community approves it.
  await login(page, demo.committee);
  await page
    .getByRole("navigation", { name: t("common:nav.label") })
    .getByRole("link", { name: t("common:nav.residencyQueue") })
    .click();
  await expect(page).toHaveURL(/\/residency\/requests$/);
  await checkA11y(page);
  const card = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: person.displayName }) });
  await expect(card).toContainText(community.name);
  await expect(card).toContainText("3 栋 502 房");
  await card.getByRole("button", { name: t("residency:queue.approve"), exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(t("residency:queue.notices.approved"));
  await expect(page.getByRole("row").filter({ hasText: person.displayName })).toContainText(
    t("residency:queue.approved"),
  );
  await checkA11y(page);
  await logout(page);

  // 3. The new resident sees "verified" and their community in the header.
  await login(page, person.phone, person.password);
  await visit(page, "/account/residency");
  await expect(page.getByText(t("residency:account.verifiedBadge"), { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: t("residency:account.statusHeading") })).toContainText(
    community.name,
  );
  const header = page.getByRole("banner");
  await expect(
    header.getByRole("link", { name: t("common:nav.myCommunity", { name: community.name }) }),
  ).toHaveAttribute("href", `/areas/${community.code}`);
});
