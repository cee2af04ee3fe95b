/**
 * The phase a funding call is in, derived from its stored status, its times and the server clock
 * (pure, client-safe), so an application at 17:59:59 and one at 18:00:00 are judged by the same rule
 * everywhere. Windows are half-open: [opensAt, closesAt).
 */
export const callPhases = [
  "draft",
  "scheduled",
  "open",
  "closed",
  "in_review",
  "notice",
  "awarded",
  "cancelled",
] as const;
export type CallPhase = (typeof callPhases)[number];

export type CallClock = {
  status: "draft" | "published" | "in_review" | "notice" | "awarded" | "cancelled";
  publishAt: Date;
  opensAt: Date;
  closesAt: Date;
  publishedAt: Date | null;
};

export function callPhase(c: CallClock, now: Date): CallPhase {
  if (c.status !== "published") return c.status;
  const t = now.getTime();
  if (t < c.opensAt.getTime()) return "scheduled";
  if (t < c.closesAt.getTime()) return "open";
  return "closed";
}

/** Whether the public may see the call: published and past its publish time (or cancelled after that). */
export function isCallVisible(c: CallClock, now: Date): boolean {
  if (c.status === "draft") return false;
  if (c.status === "cancelled") return c.publishedAt !== null && now.getTime() >= c.publishAt.getTime();
  return now.getTime() >= c.publishAt.getTime();
}

/** Whether applications may be submitted at `now`: opensAt ≤ now < closesAt. */
export function isCallOpen(c: CallClock, now: Date): boolean {
  return callPhase(c, now) === "open";
}

/** The rubric, checklist, money rules and timeline are frozen once the call opens (text stays editable). */
export function isRubricFrozen(c: CallClock, now: Date): boolean {
  const phase = callPhase(c, now);
  return phase !== "draft" && phase !== "scheduled";
}
