import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { migrateDb } from "~db/client";
import { fixedT } from "~/i18n/i18n.server";
import { closeDb } from "~/lib/db-holder.server";
import { isDomainError } from "~/lib/errors";

/** `npm run kapok -- import-areas <file.csv>`: all rows or none; each bad row printed with its line. */
export async function run(args: string[]) {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const file = positionals[0];
  if (!file) {
    console.error("Usage: npm run kapok -- import-areas <file.csv>");
    process.exitCode = 2;
    return;
  }
  let csvText: string;
  try {
    csvText = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`cannot read ${file}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const t = await fixedT("en");
  try {
    // Opened only now (importing db.server opens the database), and quietly migrated: the output is the
    // import's result and nothing else.
    const { dbHandle } = await import("~/lib/db.server");
    await migrateDb(await dbHandle());
    const { importAreas } = await import("~/modules/geography/import-areas.server");
    const result = await importAreas({ csvText });
    if (result.ok) {
      console.log(`imported ${result.count} areas`);
      return;
    }
    for (const issue of result.issues) console.error(`line ${issue.line}: ${t(issue.key, issue.params)}`);
    process.exitCode = 1;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.error(t(error.code, error.params));
    process.exitCode = 1;
  } finally {
    await closeDb();
  }
}
