import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { parseArgs } from "node:util";
import { closeDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { buildPath, createHttpApp, loadBuild } from "~/server/http-app.server";
import { migrate } from "./migrate";

function buildIfMissing(force: boolean) {
  if (!force && existsSync(buildPath)) return;
  console.log("kapok: building the app (first start)…");
  const result = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("kapok: the build failed; see the output above");
}

/** Closes the server and the database on SIGTERM/SIGINT; PGlite must be closed or the process never exits. */
function handleShutdown(server: Server, beforeClose: () => Promise<void> = async () => {}) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`kapok: ${signal} received, shutting down`);
    const force = setTimeout(() => server.closeAllConnections(), 3000);
    force.unref();
    server.close(() => {
      beforeClose()
        .then(() => closeDb())
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { build: { type: "boolean", default: false }, "no-build": { type: "boolean", default: false } },
  });
  const started = performance.now();
  if (!values["no-build"]) buildIfMissing(values.build);
  const handle = await migrate();
  const { seedGuangzhou } = await import("~/modules/geography/seed-guangzhou.server");
  await seedGuangzhou({ log: console.log });
  const demo = env.KAPOK_DEMO === "on" || (env.KAPOK_DEMO === "auto" && handle.engine === "pglite");
  if (demo) {
    const { seedDemoCity } = await import("~/demo/seed-demo-city.server");
    await seedDemoCity({ log: console.log });
  }
  // The engagement rollup runs inside the server on the embedded database (nothing else can schedule
  // it there); with PostgreSQL a scheduler runs `kapok rollup`.
  const stopRollup =
    handle.engine === "pglite"
      ? (await import("~/modules/metrics/rollup-job.server")).startRollupJob({ intervalMs: 30_000 })
      : async () => {};
  // Proposals past their support window expire on both engines (the update is conditional, so several
  // servers may run it).
  const stopExpiry = (await import("~/modules/livelihood/expiry-job.server")).startExpiryJob();
  // Matters past their response deadline remind the committee once (also a conditional update).
  const stopOverdue = (await import("~/modules/matters/overdue-job.server")).startOverdueJob();
  const app = createHttpApp(await loadBuild());
  const server = app.listen(env.PORT, env.HOST, () => {
    const ms = Math.round(performance.now() - started);
    console.log(`kapok: serving http://localhost:${env.PORT} (${handle.engine}, ready in ${ms} ms)`);
  });
  server.keepAliveTimeout = 5_000;
  handleShutdown(server, async () => {
    await Promise.all([stopRollup(), stopExpiry(), stopOverdue()]);
  });
}
