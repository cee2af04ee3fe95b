import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDb, openDb, type DbHandle } from "~db/client";
import { adminUrl, templateKey, urlForDatabase } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateDatabase: string;
  }
}

/** What every test database starts with: the migrations and the committed Guangzhou areas. */
async function fill(handle: DbHandle) {
  await migrateDb(handle);
  const { provideDb } = await import("~/lib/db-holder.server");
  provideDb(handle);
  const { ensureInstallationKeys } = await import("~/lib/secrets.server");
  await ensureInstallationKeys();
  const { seedGuangzhou } = await import("~/modules/geography/seed-guangzhou.server");
  await seedGuangzhou({ log: () => {} });
}

const areaDataFiles = () => [path.resolve("app/modules/geography/data/guangzhou-areas.tsv")].filter((f) => existsSync(f));

// Every test file starts from a migrated, seeded template instead of paying for initdb and seeding
// (≈4.5 s for a fresh PGlite): a dumped data dir for PGlite, a TEMPLATE database for PostgreSQL.
export default async function setup(project: TestProject) {
  const key = templateKey(areaDataFiles());
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const name = `kapok_test_tmpl_${process.pid}`;
    const admin = postgres(adminUrl(databaseUrl), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}"`);
    await admin.unsafe(`create database "${name}"`);
    const handle = await openDb({ databaseUrl: urlForDatabase(databaseUrl, name), poolSize: 2 });
    await fill(handle);
    await handle.close();
    project.provide("pgTemplateDatabase", name);
    project.provide("pgliteTemplate", "");
    return async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  }
  const dir = path.resolve("node_modules/.cache/kapok-test");
  const file = path.join(dir, `pglite-template-${key}.tar`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const handle = await openDb({ pgliteDir: "memory://" });
    await fill(handle);
    const blob = await handle.dump!();
    // Written aside then renamed, so a parallel run never reads half a template.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file);
    await handle.close();
  }
  project.provide("pgliteTemplate", file);
  project.provide("pgTemplateDatabase", "");
}
