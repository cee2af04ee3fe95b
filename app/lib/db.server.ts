import { openDb, type Db, type DbHandle } from "~db/client";
import { heldDb, holdDb } from "./db-holder.server";
import { env, pgliteDir } from "./env.server";

export { closeDb } from "./db-holder.server";

/** The process's database, opened from the configuration on first use unless one was provided. */
export function dbHandle(): Promise<DbHandle> {
  return (
    heldDb() ??
    holdDb(openDb({ databaseUrl: env.DATABASE_URL, pgliteDir: pgliteDir(), poolSize: env.DATABASE_POOL_SIZE }))
  );
}

export const db: Db = (await dbHandle()).db;
