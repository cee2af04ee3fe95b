import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/** The one database interface the app sees, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Engine = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** Where the data lives: a directory for PGlite, the URL without credentials for PostgreSQL. */
  location: string;
  close: () => Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to start other instances from. */
  dump?: () => Promise<Blob>;
}

export interface DbOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory://". */
  pgliteDir?: string;
  /** A dumped, already-migrated PGlite data directory to start from (tests). */
  pgliteTemplate?: Blob | File;
  poolSize?: number;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

function lockPath(dir: string) {
  return `${dir}.lock`;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite has no cross-process lock and two processes on one folder silently lose writes (toolchain P10),
 * so we keep our own: a lock file with the owner's pid, taken over only when that process is gone.
 */
function takePgliteLock(dir: string) {
  const file = lockPath(dir);
  try {
    const pid = Number(readFileSync(file, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `Kapok: the embedded database in ${dir} is in use by process ${pid}. Stop it first, or set KAPOK_DATA_DIR to another folder.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  writeFileSync(file, String(process.pid));
}

export async function openDb(options: DbOptions): Promise<DbHandle> {
  const url = options.databaseUrl;
  if (url) {
    const client = postgres(url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { casing: "snake_case" }) as unknown as Db;
    const parsed = new URL(url);
    return {
      db,
      engine: "postgres",
      location: `${parsed.host}${parsed.pathname}`,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.pgliteDir ?? "memory://";
  const inMemory = dir.startsWith("memory://");
  if (!inMemory) {
    // PGlite does not create parent folders (toolchain P8).
    mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    takePgliteLock(dir);
  }
  const client = await PGlite.create(inMemory ? undefined : dir, {
    loadDataDir: options.pgliteTemplate,
  });
  const db = drizzlePglite(client, { casing: "snake_case" }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    location: inMemory ? "memory" : path.resolve(dir),
    dump: async () => await client.dumpDataDir("none"),
    close: async () => {
      if (!client.closed) await client.close();
      if (!inMemory) rmSync(lockPath(dir), { force: true });
    },
  };
}

export async function migrateDb(handle: DbHandle) {
  if (handle.engine === "postgres") {
    await migratePostgres(handle.db as never, { migrationsFolder });
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
