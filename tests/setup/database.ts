import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { openDb } from "~db/client";
import { provideDb } from "~/lib/db-holder.server";
import { adminUrl, urlForDatabase } from "./template";

// Each test file gets its own database, made from the template global-setup prepared, before any
// module imports `db`. On PostgreSQL it is created here and dropped when the file ends.
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  const template = inject("pgTemplateDatabase");
  const name = `kapok_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${template}"`);
  const handle = await openDb({ databaseUrl: urlForDatabase(databaseUrl, name), poolSize: 20 });
  provideDb(handle);
  afterAll(async () => {
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
} else {
  const blob = new Blob([readFileSync(inject("pgliteTemplate"))]);
  const handle = await openDb({ pgliteDir: "memory://", pgliteTemplate: blob });
  provideDb(handle);
  afterAll(async () => {
    await handle.close();
  });
}
