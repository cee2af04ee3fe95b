import { eq } from "drizzle-orm";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { ballots } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { rateLimitedError } from "~/modules/accounts/rate-limits.server";
import { reserveRateLimits, type RateLimitRule } from "~/lib/rate-limit.server";
import { listBallotProposals } from "./ballot-queries.server";
import { normalizeReceiptCode, receiptHash } from "~/modules/voting/voter-token.server";

/** Receipt look-ups per address: generous for a family sharing a phone, useless for guessing 2⁵⁰ codes. */
export const receiptChecksPerIp: RateLimitRule = {
  name: "receipt-ip-10m",
  limit: 30,
  windowSeconds: 10 * 60,
};

export type ReceiptCheck =
  | { found: false }
  | {
      found: true;
      scheme: { id: string; title: string };
      channel: "web" | "paper" | "assisted";
      /** Budget/approval: the titles chosen; yes/no: each proposal with its answer. */
      chosen: Array<{ title: string; answer: "yes" | "no" | "abstain" | null }>;
    };

/**
 * Whether the ballot a receipt code was given for is in the box, and what it says. Only the code's
 * hash is stored; a changed ballot has a new code and the old one no longer matches. Rate limited per
 * address (the limit is taken before the look-up, so a miss costs as much as a hit).
 */
export async function checkReceipt({
  code,
  ip,
  now = new Date(),
}: {
  code: string;
  ip: string | null;
  now?: Date;
}): Promise<ReceiptCheck> {
  if (ip) {
    const outcome = await reserveRateLimits([{ rule: receiptChecksPerIp, subject: ip }], now);
    if (!outcome.allowed) throw rateLimitedError(outcome.retryAfterSeconds);
  }
  const normalized = normalizeReceiptCode(code);
  if (!normalized) return { found: false };
  const [row] = await db
    .select({
      schemeId: ballots.schemeId,
      title: livelihoodSchemes.title,
      choices: ballots.choices,
      channel: ballots.channel,
    })
    .from(ballots)
    .innerJoin(livelihoodSchemes, eq(livelihoodSchemes.id, ballots.schemeId))
    .where(eq(ballots.receiptHash, receiptHash(normalized)));
  if (!row) return { found: false };
  const proposals = await listBallotProposals(row.schemeId);
  const titleOf = new Map(proposals.map((p) => [p.id, p.title]));
  const chosen =
    row.choices.kind === "select"
      ? row.choices.proposalIds.map((id) => ({ title: titleOf.get(id) ?? "", answer: null }))
      : proposals.flatMap((p) => {
          const answer = row.choices.kind === "yes_no" ? row.choices.answers[p.id] : undefined;
          return answer ? [{ title: p.title, answer }] : [];
        });
  return { found: true, scheme: { id: row.schemeId, title: row.title }, channel: row.channel, chosen };
}
