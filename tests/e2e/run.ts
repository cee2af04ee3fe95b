// `npm run test:e2e [playwright args]`: build into a temp folder, start Kapok on a free port against a
// throwaway database (PGlite folder, or a fresh PostgreSQL database when DATABASE_URL is set), run the
// Playwright journeys, clean up, and exit with Playwright's code.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import {
  buildApp,
  createTempDatabase,
  findChromium,
  freePort,
  repoRoot,
  tempBuildDir,
  tempRoot,
  type TempDatabase,
} from "./harness";

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    console.error(
      "test:e2e: no Chromium found; install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.",
    );
    process.exit(1);
  }
  console.log("test:e2e: installing Debian's chromium with apt…");
  const install = spawnSync(
    "sh",
    [
      "-c",
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium",
    ],
    { stdio: "inherit" },
  );
  const installed = findChromium();
  if (install.status !== 0 || !installed) {
    console.error("test:e2e: installing chromium with apt failed; see the output above.");
    process.exit(1);
  }
  return installed;
}

async function main(): Promise<number> {
  const chromium = ensureChromium();
  const root = tempRoot("kapok-e2e");
  const buildDir = tempBuildDir("kapok-e2e");
  const dataDir = path.join(root, "data");
  const xdg = path.join(root, "xdg");
  for (const dir of ["config", "cache", "data"]) mkdirSync(path.join(xdg, dir), { recursive: true });

  let database: TempDatabase | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    try {
      await database?.drop();
    } catch (error) {
      console.error(`test:e2e: could not drop ${database?.name}: ${(error as Error).message}`);
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };

  try {
    const ms = buildApp(buildDir);
    console.log(`test:e2e: built into ${buildDir} in ${(ms / 1000).toFixed(1)} s`);
    // KAPOK_E2E_PORT pins the port (e.g. to stay in a range reserved for you); otherwise any free one.
    const port = Number(process.env.KAPOK_E2E_PORT) || (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;

    const serverEnv: Record<string, string> = {
      PORT: String(port),
      HOST: "127.0.0.1",
      KAPOK_BUILD_DIR: buildDir,
    };
    if (process.env.DATABASE_URL) {
      database = await createTempDatabase(process.env.DATABASE_URL, "kapok_e2e");
      serverEnv.DATABASE_URL = database.url;
      serverEnv.KAPOK_DEMO = "on";
      console.log(`test:e2e: PostgreSQL database ${database.name}`);
    } else {
      serverEnv.KAPOK_DATA_DIR = dataDir;
      serverEnv.DATABASE_URL = "";
      console.log(`test:e2e: PGlite in ${dataDir}`);
    }

    // A folder of its own for traces and screenshots: Playwright empties its output folder at start, so
    // two runs sharing test-results/ would delete each other's artifacts mid-run.
    const outputDir = path.join(
      repoRoot,
      "test-results",
      `e2e-${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}`,
    );
    const child = spawn("npx", ["playwright", "test", ...process.argv.slice(2)], {
      cwd: repoRoot,
      stdio: "inherit",
      env: {
        ...process.env,
        ...serverEnv,
        CHROMIUM_PATH: chromium,
        KAPOK_E2E_BASE_URL: baseUrl,
        KAPOK_E2E_OUTPUT_DIR: outputDir,
        // Chromium otherwise writes crash reports and caches into $HOME (toolchain P14).
        XDG_CONFIG_HOME: path.join(xdg, "config"),
        XDG_CACHE_HOME: path.join(xdg, "cache"),
        XDG_DATA_HOME: path.join(xdg, "data"),
      },
    });
    // Ctrl-C reaches Playwright too (same process group); wait for it to stop, then clean up.
    const relay = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on("SIGINT", relay("SIGINT"));
    process.on("SIGTERM", relay("SIGTERM"));
    const code = await new Promise<number>((resolve) => {
      child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1)));
      child.on("error", (error) => {
        console.error(`test:e2e: could not start Playwright: ${error.message}`);
        resolve(1);
      });
    });
    if (code === 0) rmSync(outputDir, { recursive: true, force: true });
    else
      console.log(
        `test:e2e: traces and screenshots of the failures are in ${path.relative(repoRoot, outputDir)}`,
      );
    return code;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:e2e: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
