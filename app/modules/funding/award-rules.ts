/**
 * Pure award rules (client-safe). Officials propose awards from the ranking within the call's budget:
 * the reference proposal is greedy by score (walk the ranking; grant min(request, cap) when it still fits
 * the remaining budget, otherwise skip it and go on). Officials may choose otherwise, but a choice that
 * differs from greedy needs a written justification, and some rules hold whatever they choose.
 */

/** What the rules need of a ranked application (funding/ranking.server.ts RankedApplication fits). */
export type RankedForAward = { applicationId: string; requestedMinor: number; rank: number };

export type AwardChoice = { applicationId: string; amountMinor: number };

export function grantAmount(requestedMinor: number, capMinor: number): number {
  return Math.min(requestedMinor, capMinor);
}

/** Greedy by rank: take each application in turn if its grant fits what is left, else skip it. */
export function proposeGreedy(
  ranked: readonly RankedForAward[],
  budgetMinor: number,
  capMinor: number,
): { awards: AwardChoice[]; spendMinor: number } {
  // A stable sort keeps the ranking's own tie-break among equal ranks.
  const ordered = [...ranked].sort((a, b) => a.rank - b.rank);
  const awards: AwardChoice[] = [];
  let remaining = budgetMinor;
  for (const r of ordered) {
    const amount = grantAmount(r.requestedMinor, capMinor);
    if (amount <= 0 || amount > remaining) continue;
    awards.push({ applicationId: r.applicationId, amountMinor: amount });
    remaining -= amount;
  }
  return { awards, spendMinor: budgetMinor - remaining };
}

/** Whether the chosen awards differ from greedy: another set, or another amount for any of them. */
export function deviatesFromGreedy(chosen: readonly AwardChoice[], greedy: readonly AwardChoice[]): boolean {
  if (chosen.length !== greedy.length) return true;
  const greedyAmounts = new Map(greedy.map((g) => [g.applicationId, g.amountMinor]));
  return chosen.some((c) => greedyAmounts.get(c.applicationId) !== c.amountMinor);
}

/**
 * The rules no justification can lift. Returns the first broken rule as an `awards:errors.*` key (with
 * params), or null: each application at most once and eligible (in the ranking), each amount a positive
 * whole number of fen ≤ the request and ≤ the cap, the total ≤ the budget.
 */
export function checkAwardChoice(
  chosen: readonly AwardChoice[],
  ranked: readonly RankedForAward[],
  budgetMinor: number,
  capMinor: number,
): { code: string; params?: Record<string, string | number> } | null {
  const byId = new Map(ranked.map((r) => [r.applicationId, r]));
  const seen = new Set<string>();
  let total = 0;
  for (const c of chosen) {
    const r = byId.get(c.applicationId);
    if (!r || seen.has(c.applicationId)) return { code: "awards:errors.notEligible" };
    seen.add(c.applicationId);
    if (!Number.isSafeInteger(c.amountMinor) || c.amountMinor <= 0)
      return { code: "awards:errors.amountInvalid" };
    if (c.amountMinor > r.requestedMinor) return { code: "awards:errors.overRequest" };
    if (c.amountMinor > capMinor) return { code: "awards:errors.overCap" };
    total += c.amountMinor;
  }
  if (total > budgetMinor) return { code: "awards:errors.overBudget" };
  return null;
}
