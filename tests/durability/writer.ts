// Child process for tests/durability.test.ts: opens a PGlite folder, migrates, then commits one row per
// transaction and prints each id only after its commit returned, until it is killed.
// `hold` mode just opens the folder and waits, to play a live owner of the lock.
import { openDb, migrateDb } from "../../db/client";
import { appSecrets } from "../../db/schema/platform";

const [dir, mode] = process.argv.slice(2);
if (!dir) throw new Error("usage: writer.ts <pglite dir> [hold]");

const handle = await openDb({ pgliteDir: dir });
if (mode === "hold") {
  process.stdout.write("ready\n");
  setInterval(() => {}, 60_000);
} else {
  await migrateDb(handle);
  process.stdout.write("migrated\n");
  for (let id = 1; ; id++) {
    await handle.db.transaction(async (tx) => {
      await tx.insert(appSecrets).values({ name: `durability-${id}`, value: String(id) });
    });
    process.stdout.write(`committed ${id}\n`);
  }
}
