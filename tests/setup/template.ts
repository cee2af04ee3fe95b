import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { migrationsFolder } from "~db/client";

/** A key that changes whenever a migration or the committed area data changes. */
export function templateKey(extraFiles: string[] = []) {
  const hash = createHash("sha256");
  const files = readdirSync(migrationsFolder, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".sql") || f.endsWith(".json"))
    .sort()
    .map((f) => path.join(migrationsFolder, f));
  for (const file of [...files, ...extraFiles]) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

/** Admin URL: the same server as DATABASE_URL, connected to its `postgres` database. */
export function adminUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

export function urlForDatabase(databaseUrl: string, name: string) {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
