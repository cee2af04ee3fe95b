import { encodeBase64url } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { appSecrets } from "~db/schema/platform";
import { db } from "./db.server";

export const installationKeyNames = ["pseudonym", "invite", "ballot-token"] as const;
export type InstallationKeyName = (typeof installationKeyNames)[number];

const cache = new Map<InstallationKeyName, Uint8Array>();

/**
 * Per-installation keys, made once and kept in the database so every server process of one installation
 * agrees on them (pseudonyms must be stable) without any configuration. Called after migrating, outside
 * any transaction: creating a key lazily inside a caller's transaction would block PGlite's single
 * connection (and could cache a key that is then rolled back).
 */
export async function ensureInstallationKeys() {
  for (const name of installationKeyNames) {
    const value = encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
    await db.insert(appSecrets).values({ name, value }).onConflictDoNothing();
  }
}

/** Reads a key through `via` (pass the open transaction when inside one); committed rows only. */
export async function installationKey(name: InstallationKeyName, via: Queryable = db): Promise<Uint8Array> {
  const cached = cache.get(name);
  if (cached) return cached;
  const [row] = await via.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
  if (!row) throw new Error(`Kapok: installation key "${name}" is missing; run \`npm run kapok -- migrate\``);
  const key = new TextEncoder().encode(row.value);
  cache.set(name, key);
  return key;
}
