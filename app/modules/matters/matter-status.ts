/**
 * The matter status machine, pure and client-safe. Every change of a matter's status goes through
 * `matterTransition`; the use-case then writes it with a conditional UPDATE … WHERE status = from.
 *
 *   raised ──acknowledge──▶ acknowledged
 *     │                        │
 *     └──────────┬─────────────┘
 *                ├─answer───▶ answered
 *                ├─consult──▶ consulting   (a consultation was opened on it)
 *                ├─propose──▶ proposed     (turned into a livelihood proposal)
 *                ├─refer────▶ referred     (handed to a named department)
 *                └─decline──▶ declined     (with a reason)
 *
 * Rating is not a status change: the author rates once any response has been given.
 */
export const matterStatuses = [
  "raised",
  "acknowledged",
  "answered",
  "consulting",
  "proposed",
  "referred",
  "declined",
] as const;
export type MatterStatus = (typeof matterStatuses)[number];

export const matterEvents = ["acknowledge", "answer", "consult", "propose", "refer", "decline"] as const;
export type MatterEvent = (typeof matterEvents)[number];

/** The response kinds stored on the matter (matter_response_kind), one per responding event. */
export const responseKinds = ["answer", "consultation", "proposal", "referral", "decline"] as const;
export type ResponseKind = (typeof responseKinds)[number];

/** Who acts: the area's committee (or an official above it), the author, or another resident. */
export type MatterActor = "committee" | "author" | "resident";

const open: readonly MatterStatus[] = ["raised", "acknowledged"];

const table: Record<MatterEvent, { from: readonly MatterStatus[]; to: MatterStatus }> = {
  acknowledge: { from: ["raised"], to: "acknowledged" },
  answer: { from: open, to: "answered" },
  consult: { from: open, to: "consulting" },
  propose: { from: open, to: "proposed" },
  refer: { from: open, to: "referred" },
  decline: { from: open, to: "declined" },
};

export const eventForResponseKind: Record<ResponseKind, Exclude<MatterEvent, "acknowledge">> = {
  answer: "answer",
  consultation: "consult",
  proposal: "propose",
  referral: "refer",
  decline: "decline",
};

export type MatterTransition =
  | { ok: true; from: MatterStatus; to: MatterStatus }
  | { ok: false; reason: "matters:errors.transitionNotAllowed" | "matters:errors.notYourAct" };

/** Every status-changing event is the committee's; residents (the author included) never move a matter. */
export function matterTransition(
  from: MatterStatus,
  event: MatterEvent,
  actor: MatterActor,
): MatterTransition {
  const rule = table[event];
  if (actor !== "committee") return { ok: false, reason: "matters:errors.notYourAct" };
  if (!rule.from.includes(from)) return { ok: false, reason: "matters:errors.transitionNotAllowed" };
  return { ok: true, from, to: rule.to };
}

/** Still waiting for a response (counts toward the deadline and the committee's queue). */
export function isOpenStatus(status: MatterStatus): boolean {
  return open.includes(status);
}

export type RateCheck = { ok: true } | { ok: false; reason: string };

/** Only the author rates, once, and only after a response was given. */
export function canRate(
  matter: { status: MatterStatus; rating: string | null },
  actor: MatterActor,
): RateCheck {
  if (actor !== "author") return { ok: false, reason: "matters:errors.onlyAuthorRates" };
  if (isOpenStatus(matter.status)) return { ok: false, reason: "matters:errors.notRespondedYet" };
  if (matter.rating !== null) return { ok: false, reason: "matters:errors.alreadyRated" };
  return { ok: true };
}

export const matterCategories = [
  "environment",
  "safety",
  "facilities",
  "elderly",
  "children",
  "noise",
  "parking",
  "other",
] as const;
export type MatterCategory = (typeof matterCategories)[number];

export const ratings = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type MatterRating = (typeof ratings)[number];

/** The participation ledger's spelling of a rating (matter.rated meta.rating). */
export const ratingEventValue: Record<MatterRating, "satisfied" | "basically" | "dissatisfied"> = {
  satisfied: "satisfied",
  basically_satisfied: "basically",
  dissatisfied: "dissatisfied",
};
