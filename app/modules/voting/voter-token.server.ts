import { hmac } from "@oslojs/crypto/hmac";
import { SHA256, sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64url, encodeHexLowerCase } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { appSecrets } from "~db/schema/platform";
import { db } from "~/lib/db.server";

/**
 * The keyed hashes that keep a ballot apart from its voter. `ballots` never holds a user id: it holds
 * HMAC-SHA256(key, scheme + ":" + user), so the server can find (and replace) a person's own ballot,
 * but nobody holding a copy of the table without the installation key can join it back to the roll.
 */

const keyName = "ballot-token";
let cached: Uint8Array | null = null;

/**
 * The installation's ballot key, made on first use. Read OUTSIDE any transaction (PGlite has one
 * connection; a key created inside a transaction that then rolls back must not be cached).
 */
export async function ballotKey(): Promise<Uint8Array> {
  if (cached) return cached;
  let [row] = await db
    .select({ value: appSecrets.value })
    .from(appSecrets)
    .where(eq(appSecrets.name, keyName));
  if (!row) {
    const value = encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
    await db.insert(appSecrets).values({ name: keyName, value }).onConflictDoNothing();
    [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, keyName));
  }
  cached = new TextEncoder().encode(row!.value);
  return cached;
}

const mac = (key: Uint8Array, message: string) =>
  encodeHexLowerCase(hmac(SHA256, key, new TextEncoder().encode(message)));

/** The online voter's token for one scheme. */
export function voterToken(key: Uint8Array, schemeId: string, userId: string): string {
  return mac(key, `${schemeId}:${userId}`);
}

/** A paper ballot's token: its sheet number, so the same sheet cannot be entered twice. */
export function paperToken(key: Uint8Array, schemeId: string, sheet: string): string {
  return mac(key, `${schemeId}:paper:${sheet}`);
}

// Crockford base32: no I, L, O, U, so a code read aloud or copied from paper is hard to get wrong.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const receiptLength = 10;

/** A new random receipt code (50 bits), as stored: 10 characters, no separator. */
export function newReceiptCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(receiptLength));
  return Array.from(bytes, (b) => alphabet[b & 31]).join("");
}

/** Shown as XXXXX-XXXXX. */
export function formatReceiptCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * What a person typed, as a code: case, spaces and dashes ignored; O read as 0, I and L as 1 (as
 * Crockford base32 does). Null when it cannot be a receipt code.
 */
export function normalizeReceiptCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== receiptLength) return null;
  for (const ch of code) if (!alphabet.includes(ch)) return null;
  return code;
}

export function receiptHash(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(code)));
}
