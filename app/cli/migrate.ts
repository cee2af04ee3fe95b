import { migrateDb } from "~db/client";
import { closeDb, dbHandle } from "~/lib/db.server";
import { ensureInstallationKeys } from "~/lib/secrets.server";

export async function migrate() {
  const handle = await dbHandle();
  const started = performance.now();
  await migrateDb(handle);
  await ensureInstallationKeys();
  console.log(`kapok: migrations applied to ${handle.engine} (${handle.location}) in ${Math.round(performance.now() - started)} ms`);
  return handle;
}

export async function run() {
  try {
    await migrate();
  } finally {
    await closeDb();
  }
}
