// Shared by the end-to-end runner and the benchmarks: a throwaway build, port, data folder or database.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { adminUrl, urlForDatabase } from "../setup/template";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export function tempRoot(prefix: string) {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** CHROMIUM_PATH, then Debian's /usr/bin/chromium; undefined when neither exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

/**
 * A folder for a throwaway build. It must sit inside the project: the server bundle keeps node_modules
 * external, so its imports resolve only from below the project root.
 */
export function tempBuildDir(prefix: string) {
  const parent = path.join(repoRoot, "node_modules/.cache");
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(path.join(parent, `${prefix}-build-`));
}

/** `npx remix build` into `dir` (KAPOK_BUILD_DIR), so parallel runs never share or clobber ./build. */
export function buildApp(dir: string) {
  const started = performance.now();
  const result = spawnSync("npx", ["remix", "build"], {
    cwd: repoRoot,
    env: { ...process.env, KAPOK_BUILD_DIR: dir, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`remix build failed (exit ${result.status})`);
  }
  // Under node_modules/ the project's "type": "module" no longer applies; the bundle is ESM.
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  return performance.now() - started;
}

/** A port the OS says is free right now (tiny race window, acceptable for a test run). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TempDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

/** A fresh, empty database on the server of `databaseUrl` (created through its `postgres` database). */
export async function createTempDatabase(databaseUrl: string, prefix: string): Promise<TempDatabase> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    name,
    url: urlForDatabase(databaseUrl, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const sql = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
