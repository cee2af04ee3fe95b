/**
 * The phase a scheme is in, derived from its timestamps and the server clock (pure, client-safe), so
 * a ballot at 23:59:59 and one at 00:00:00 are judged by the same rule everywhere.
 * Windows are half-open: [opensAt, closesAt).
 */
export const schemePhases = [
  "draft",
  "cancelled",
  "upcoming",
  "collecting",
  "deliberating",
  "voting",
  "counting",
  "notice",
  "implementing",
] as const;
export type SchemePhase = (typeof schemePhases)[number];

export type SchemeClock = {
  status: "draft" | "published" | "cancelled";
  collectionOpensAt: Date;
  collectionClosesAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  resultsPublishedAt: Date | null;
  noticeEndsAt: Date | null;
  confirmedAt: Date | null;
};

export function schemePhase(s: SchemeClock, now: Date): SchemePhase {
  if (s.status === "draft") return "draft";
  if (s.status === "cancelled") return "cancelled";
  if (s.confirmedAt) return "implementing";
  if (s.resultsPublishedAt) return "notice";
  const t = now.getTime();
  if (t < s.collectionOpensAt.getTime()) return "upcoming";
  if (t < s.collectionClosesAt.getTime()) return "collecting";
  if (t < s.votingOpensAt.getTime()) return "deliberating";
  if (t < s.votingClosesAt.getTime()) return "voting";
  return "counting";
}

/** Whether a ballot cast at `now` is in time: votingOpensAt ≤ now < votingClosesAt. */
export function isVotingOpen(s: SchemeClock, now: Date): boolean {
  return schemePhase(s, now) === "voting";
}

/** Whether the public notice window is still open for objections. */
export function isNoticeOpen(s: SchemeClock, now: Date): boolean {
  return (
    !!s.resultsPublishedAt && !s.confirmedAt && !!s.noticeEndsAt && now.getTime() < s.noticeEndsAt.getTime()
  );
}

/**
 * What an official may still change once a scheme is published: only text and the later dates, never
 * budget, rule, threshold or a window that has already started (changing the rules mid-game is unfair).
 */
export const editableAfterPublish = [
  "title",
  "description",
  "exclusions",
  "votingClosesAt",
  "noticeDays",
] as const;
