import { defineConfig } from "@playwright/test";

// `npm run test:e2e` (tests/e2e/run.ts) builds the app, picks a port and a throwaway database and
// passes them here through the environment; the server below inherits that environment.
const baseURL = process.env.KAPOK_E2E_BASE_URL;
if (!baseURL) {
  // Started bare, the server would use ./build and ./data: someone's real data folder.
  throw new Error("Run the journeys with `npm run test:e2e` (it prepares the build, port and database).");
}

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.spec.ts",
  // One server with one embedded database on 2 cores: serial is faster and deterministic.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Generous: axe runs on every page and the machine is shared; a journey visits a dozen pages.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  outputDir: process.env.KAPOK_E2E_OUTPUT_DIR ?? "test-results",
  use: {
    baseURL,
    locale: "zh-CN",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "npx tsx app/cli/kapok.ts start --no-build",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    // SIGTERM lets Kapok close its database (PGlite must be closed cleanly).
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
