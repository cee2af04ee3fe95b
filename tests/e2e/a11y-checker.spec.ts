// The journeys' axe check is only worth something if it fails on a bad page, with and without JavaScript.
import { checkA11y, expect, newTrackedPage, test } from "./fixtures";

const badPage = `<!doctype html><html><head><meta charset="utf-8"><title>bad</title></head>
<body><main><h1>Bad</h1><input type="text" name="unlabelled"></main></body></html>`;

test("checkA11y fails on a page with violations and lists them", async ({ page }) => {
  await page.route("**/__bad-page", (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: badPage }),
  );
  await page.goto("/__bad-page");
  const failure = checkA11y(page);
  await expect(failure).rejects.toThrow(/html-has-lang/);
  await expect(failure).rejects.toThrow(/label: Form elements must have labels/);
});

test("checkA11y also fails on a bad page seen without JavaScript", async ({ browser }) => {
  const page = await newTrackedPage(browser, { javaScriptEnabled: false });
  await page.route("**/__bad-page", (route) =>
    route.fulfill({ contentType: "text/html; charset=utf-8", body: badPage }),
  );
  await page.goto("/__bad-page");
  await expect(checkA11y(page)).rejects.toThrow(/label: Form elements must have labels/);
  await page.context().close();
});
