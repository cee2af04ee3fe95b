import { encodeBase64url } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { appSecrets } from "~db/schema/platform";
import { db } from "./db.server";

const cache = new Map<string, Promise<Uint8Array>>();

/**
 * A per-installation key, made on first use and kept in the database so every server process of one
 * installation agrees on it (pseudonyms must be stable) without any configuration.
 */
export function installationKey(name: "pseudonym" | "csrf" | "invite"): Promise<Uint8Array> {
  let key = cache.get(name);
  if (!key) {
    key = (async () => {
      const fresh = encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
      await db.insert(appSecrets).values({ name, value: fresh }).onConflictDoNothing();
      const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
      if (!row) throw new Error(`Kapok: secret ${name} could not be created`);
      return new TextEncoder().encode(row.value);
    })();
    key.catch(() => cache.delete(name));
    cache.set(name, key);
  }
  return key;
}
