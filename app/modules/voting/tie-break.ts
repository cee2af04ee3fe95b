/**
 * The one documented tie-break (docs/voting.md, "Ties"). When a rule's own measure (votes, points,
 * price per unit of cost) cannot separate two projects:
 *   1. the cheaper project goes first;
 *   2. then the one with more votes (points) in the raw count;
 *   3. then the fixed project order: an explicit order the organisers drew beforehand if given
 *      (equalshares.net's advice: draw lots once, before counting), otherwise the natural order of the
 *      project ids (numeric ids by value, "2" before "10"; other ids by Unicode code points).
 * Nothing depends on ballot order, the clock or a locale: the same inputs give the same outcome.
 */

export type TieBreakReason = "cost" | "support" | "order";

const numericId = /^\d+$/;

/** Natural, locale-independent order of project ids. */
export function compareProjectIds(a: string, b: string): number {
  const aNumeric = numericId.test(a);
  const bNumeric = numericId.test(b);
  if (aNumeric && bNumeric) {
    const aTrimmed = a.replace(/^0+(?=\d)/, "");
    const bTrimmed = b.replace(/^0+(?=\d)/, "");
    if (aTrimmed.length !== bTrimmed.length) return aTrimmed.length - bTrimmed.length;
    if (aTrimmed !== bTrimmed) return aTrimmed < bTrimmed ? -1 : 1;
  } else if (aNumeric !== bNumeric) {
    return aNumeric ? -1 : 1;
  }
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Rank of every project in the fixed order (0 = first). `explicitOrder` lists ids the organisers ranked;
 * ids it does not mention follow in natural id order.
 */
export function fixedOrderRanks(ids: readonly string[], explicitOrder?: readonly string[]): Int32Array {
  const explicit = new Map<string, number>();
  explicitOrder?.forEach((id, index) => {
    if (!explicit.has(id)) explicit.set(id, index);
  });
  const order = ids
    .map((id, index) => ({ id, index }))
    .sort((x, y) => {
      const ex = explicit.get(x.id);
      const ey = explicit.get(y.id);
      if (ex !== undefined && ey !== undefined) return ex - ey;
      if (ex !== undefined) return -1;
      if (ey !== undefined) return 1;
      return compareProjectIds(x.id, y.id);
    });
  const ranks = new Int32Array(ids.length);
  order.forEach((entry, rank) => {
    ranks[entry.index] = rank;
  });
  return ranks;
}

export interface TieKeys {
  readonly cost: ArrayLike<number>;
  readonly support: ArrayLike<number>;
  readonly rank: ArrayLike<number>;
}

/** Orders two tied projects (by index); negative when `a` wins the tie. Also says what decided it. */
export function breakTie(keys: TieKeys, a: number, b: number): { order: number; reason: TieBreakReason } {
  const costA = keys.cost[a]!;
  const costB = keys.cost[b]!;
  if (costA !== costB) return { order: costA - costB, reason: "cost" };
  const supportA = keys.support[a]!;
  const supportB = keys.support[b]!;
  if (supportA !== supportB) return { order: supportB - supportA, reason: "support" };
  return { order: keys.rank[a]! - keys.rank[b]!, reason: "order" };
}
