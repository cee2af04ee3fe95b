import { sha256 } from "@oslojs/crypto/sha2";

/**
 * The verifiable reviewer draw (pure, client-safe). Anyone holding the recorded seed and pool re-runs it
 * and gets the same reviewers:
 *
 * 1. sort the pool's user ids ascending (so the order the pool was listed in does not matter);
 * 2. Fisher–Yates from the last position down: for i = len−1 … 1 pick j in [0, i] from
 *    SHA-256(UTF-8 of `${seed}:${counter}`), counter = 0, 1, 2 …, reading the digest's first 4 bytes as a
 *    big-endian unsigned integer u; a u at or above the largest multiple of (i+1) below 2³² is rejected
 *    (the counter moves on) so every j is equally likely; then j = u mod (i+1) and swap;
 * 3. take the first n.
 */
export function drawReviewers(seed: string, pool: readonly string[], n: number): string[] {
  const order = [...new Set(pool)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const encoder = new TextEncoder();
  let counter = 0;
  const next = (bound: number): number => {
    const limit = Math.floor(0x1_0000_0000 / bound) * bound;
    for (;;) {
      const d = sha256(encoder.encode(`${seed}:${counter++}`));
      const u = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
      if (u < limit) return u % bound;
    }
  };
  for (let i = order.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, Math.max(0, n));
}

/** A fresh seed: 32 random bytes as lower-case hex (Web Crypto, present in Node and browsers). */
export function newDrawSeed(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Re-run a recorded draw and check it gives the recorded reviewers (for the "verify" view and audits). */
export function verifyDraw(draw: {
  seed: string;
  pool: readonly string[];
  drawn: readonly string[];
}): boolean {
  const again = drawReviewers(draw.seed, draw.pool, draw.drawn.length);
  return again.length === draw.drawn.length && again.every((id, i) => id === draw.drawn[i]);
}
