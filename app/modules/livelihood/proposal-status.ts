/**
 * The proposal status machine, pure and client-safe. Every change of a proposal's status goes through
 * `proposalTransition` (the use-case then writes it with a conditional UPDATE … WHERE status = from).
 *
 *   draft ──publish──▶ collecting ──threshold met──▶ screening ──screen──▶ eligible | ineligible | merged
 *     │                   │  └──window missed──▶ expired                      │
 *     └──withdraw──▶ withdrawn ◀──withdraw (before screening)                  └─ results ─▶ selected | not_selected
 */
export const proposalStatuses = [
  "draft",
  "collecting",
  "withdrawn",
  "expired",
  "screening",
  "eligible",
  "ineligible",
  "merged",
  "selected",
  "not_selected",
] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];

export const proposalEvents = [
  "publish",
  "withdraw",
  "reachThreshold",
  "expire",
  "markEligible",
  "markIneligible",
  "merge",
  "select",
  "notSelect",
] as const;
export type ProposalEvent = (typeof proposalEvents)[number];

/** Who may cause each event: the author (or a co-proposer), an official/committee, or the system clock. */
export type ProposalActor = "author" | "official" | "system";

const table: Record<
  ProposalEvent,
  { from: readonly ProposalStatus[]; to: ProposalStatus; by: readonly ProposalActor[] }
> = {
  publish: { from: ["draft"], to: "collecting", by: ["author"] },
  withdraw: { from: ["draft", "collecting"], to: "withdrawn", by: ["author"] },
  reachThreshold: { from: ["collecting"], to: "screening", by: ["system"] },
  expire: { from: ["collecting"], to: "expired", by: ["system"] },
  markEligible: { from: ["screening"], to: "eligible", by: ["official"] },
  markIneligible: { from: ["screening"], to: "ineligible", by: ["official"] },
  merge: { from: ["screening"], to: "merged", by: ["official"] },
  select: { from: ["eligible"], to: "selected", by: ["official", "system"] },
  notSelect: { from: ["eligible"], to: "not_selected", by: ["official", "system"] },
};

export type TransitionResult =
  | { ok: true; from: ProposalStatus; to: ProposalStatus }
  | { ok: false; reason: "proposals:errors.transitionNotAllowed" | "proposals:errors.notYourAct" };

export function proposalTransition(
  from: ProposalStatus,
  event: ProposalEvent,
  actor: ProposalActor,
): TransitionResult {
  const rule = table[event];
  if (!rule.from.includes(from)) return { ok: false, reason: "proposals:errors.transitionNotAllowed" };
  if (!rule.by.includes(actor)) return { ok: false, reason: "proposals:errors.notYourAct" };
  return { ok: true, from, to: rule.to };
}

/** Statuses from which a proposal is still editable by its author (edit until supports start). */
export function isEditable(status: ProposalStatus, supportCount: number): boolean {
  return status === "draft" || (status === "collecting" && supportCount === 0);
}

/** Statuses shown to the public (drafts are the author's own). */
export function isPublic(status: ProposalStatus): boolean {
  return status !== "draft";
}

/** Statuses that are final for the proposal itself. */
export const finalStatuses: ReadonlySet<ProposalStatus> = new Set([
  "withdrawn",
  "expired",
  "ineligible",
  "merged",
  "selected",
  "not_selected",
]);
