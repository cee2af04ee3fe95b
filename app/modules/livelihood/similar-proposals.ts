/**
 * "Has someone already proposed this?" Pure and client-safe: character-bigram Jaccard similarity over
 * the title and the start of the body. Bigrams of characters work for Chinese (no word boundaries) and
 * for English alike; punctuation and spacing are ignored and Latin letters lower-cased.
 */
export type SimilarCandidate = { id: string; title: string; body?: string | null };
export type SimilarMatch = { id: string; title: string; score: number };

/** How much of the body counts next to the title. */
export const bodyPrefixLength = 120;
export const similarityThreshold = 0.2;
export const maxSimilar = 5;

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The set of character bigrams of each run of letters/digits (a one-character run counts as itself). */
export function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalise(text).split(" ")) {
    const chars = [...run];
    if (chars.length === 1) out.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

function textOf(title: string, body?: string | null) {
  return `${title} ${(body ?? "").slice(0, bodyPrefixLength)}`;
}

/**
 * The candidates most like the query, best first: at most `limit`, each at or above `threshold`.
 * The title weighs twice as much as the body start.
 */
export function findSimilar(
  query: { title: string; body?: string | null },
  candidates: readonly SimilarCandidate[],
  {
    threshold = similarityThreshold,
    limit = maxSimilar,
    excludeId,
  }: { threshold?: number; limit?: number; excludeId?: string } = {},
): SimilarMatch[] {
  const qTitle = bigrams(query.title);
  const qAll = bigrams(textOf(query.title, query.body));
  if (qTitle.size === 0) return [];
  return candidates
    .filter((c) => c.id !== excludeId)
    .map((c) => {
      const titleScore = jaccard(qTitle, bigrams(c.title));
      const allScore = jaccard(qAll, bigrams(textOf(c.title, c.body)));
      return { id: c.id, title: c.title, score: (2 * titleScore + allScore) / 3 };
    })
    .filter((m) => m.score >= threshold)
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
    .slice(0, limit);
}
