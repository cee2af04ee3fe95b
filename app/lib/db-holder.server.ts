import type { DbHandle } from "~db/client";

// One instance per process, shared by the CLI (which migrates and seeds) and the Remix server bundle
// (a separate copy of these modules): two PGlite instances on one folder would lose writes.
// Kept apart from db.server.ts so tests and the CLI can provide a database before anything opens one.
const KEY = Symbol.for("kapok.db");
type Holder = typeof globalThis & { [KEY]?: Promise<DbHandle> };

export function heldDb(): Promise<DbHandle> | undefined {
  return (globalThis as Holder)[KEY];
}

export function holdDb(handle: Promise<DbHandle>): Promise<DbHandle> {
  (globalThis as Holder)[KEY] = handle;
  return handle;
}

/** Installs an already-open database (tests, CLI) before anything imports `db`. */
export function provideDb(handle: DbHandle | Promise<DbHandle>) {
  holdDb(Promise.resolve(handle));
}

export async function closeDb() {
  const pending = heldDb();
  delete (globalThis as Holder)[KEY];
  if (pending) await (await pending).close();
}
