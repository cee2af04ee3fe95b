// Issue 2: "a server killed with SIGKILL reopens its data directory with every committed row intact".
// About PGlite only (PostgreSQL has its own WAL guarantees), so skipped when DATABASE_URL is set.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDb } from "~db/client";
import { appSecrets } from "~db/schema/platform";

const writer = path.resolve("tests/durability/writer.ts");
// Made in beforeAll, so a skipped run leaves nothing behind.
let root = "";
let dir = "";
let lockFile = "";
const children: ChildProcess[] = [];

function startWriter(mode?: "hold") {
  const child = spawn(process.execPath, ["--import", "tsx", writer, dir, ...(mode ? [mode] : [])], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  /** Resolves with every stdout line so far once `done(lines)` holds; rejects if the child dies first. */
  const until = (done: (lines: string[]) => boolean) =>
    new Promise<string[]>((resolve, reject) => {
      const lines: string[] = [];
      let partial = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split("\n");
        partial = parts.pop()!;
        lines.push(...parts);
        if (done(lines)) resolve(lines);
      });
      child.once("exit", (code, signal) =>
        reject(new Error(`writer exited (${code ?? signal}) early: ${stderr}`)),
      );
    });
  return { child, exited, until };
}

describe.skipIf(!!process.env.DATABASE_URL)("PGlite durability", () => {
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "kapok-durability-"));
    dir = path.join(root, "pglite");
    lockFile = `${dir}.lock`;
  });

  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
  });

  test("PGlite: every committed row survives SIGKILL, and the dead owner's lock is taken over", async () => {
    const run = startWriter();
    // Killed in the middle of its stream of transactions, with one almost certainly in flight.
    const lines = await run.until((l) => l.filter((x) => x.startsWith("committed ")).length >= 40);
    run.child.kill("SIGKILL");
    await run.exited;
    const committed = lines.filter((l) => l.startsWith("committed ")).map((l) => Number(l.slice(10)));
    expect(committed.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(lockFile, "utf8")).toBe(String(run.child.pid));

    const handle = await openDb({ pgliteDir: dir });
    try {
      expect(readFileSync(lockFile, "utf8")).toBe(String(process.pid));
      const rows = await handle.db
        .select({ value: appSecrets.value })
        .from(appSecrets)
        .where(like(appSecrets.name, "durability-%"));
      const present = new Set(rows.map((r) => Number(r.value)));
      const lost = committed.filter((id) => !present.has(id));
      expect(lost, "committed rows missing after SIGKILL").toEqual([]);
      // At most the one transaction that was in flight may have committed without being reported.
      expect(present.size - committed.length).toBeLessThanOrEqual(1);
    } finally {
      await handle.close();
    }
  }, 60_000);

  test("PGlite: a folder held by a live process cannot be opened, with a clear message", async () => {
    const holder = startWriter("hold");
    await holder.until((l) => l.includes("ready"));
    await expect(openDb({ pgliteDir: dir })).rejects.toThrow(
      new RegExp(`in use by process ${holder.child.pid}.*KAPOK_DATA_DIR`),
    );
    holder.child.kill("SIGKILL");
    await holder.exited;
  }, 60_000);
});
