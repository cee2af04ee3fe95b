import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Queryable } from "~db/client";
import { installationKey } from "~/lib/secrets.server";

/**
 * The actor of a participation event: HMAC of the user id and the person's random seed under an
 * installation key. Blanking the seed on account deletion makes the link unrecoverable, even to us.
 */
export async function actorPseudonym(
  user: { id: string; pseudonymSeed: string | null },
  via?: Queryable,
): Promise<string> {
  if (!user.pseudonymSeed) throw new Error("Kapok: a deleted account cannot participate");
  const key = await installationKey("pseudonym", via);
  const mac = hmac(SHA256, key, new TextEncoder().encode(`${user.id}:${user.pseudonymSeed}`));
  return encodeHexLowerCase(mac).slice(0, 32);
}
