import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Queryable } from "~db/client";
import { installationKey } from "~/lib/secrets.server";
import { codeFromBytes } from "./check-in-code";

const encoder = new TextEncoder();

/*
 * A registration's check-in code is derived from its id with the installation's keyed hash (the
 * "invite" key, domain-separated by a prefix), so the page can show the person their code again while
 * the database stores neither the code nor anything it could be recomputed from without the key. What
 * is stored is a second keyed hash of the code itself, unique across all meetings: a code typed at the
 * wrong meeting is recognised as another meeting's, and no two registrations ever share a code.
 */

/** The code of a registration (recomputable; never stored). */
export async function checkInCodeFor(registrationId: string, via?: Queryable): Promise<string> {
  const key = await installationKey("invite", via);
  return codeFromBytes(hmac(SHA256, key, encoder.encode(`meeting-check-in-code:${registrationId}`)));
}

/** What is stored of a normalized code. */
export async function checkInCodeHash(code: string, via?: Queryable): Promise<string> {
  const key = await installationKey("invite", via);
  return encodeHexLowerCase(hmac(SHA256, key, encoder.encode(`meeting-check-in-hash:${code}`)));
}
