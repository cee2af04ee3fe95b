/**
 * Every kind of participation event. Features add their kinds here as they land; the engagement index
 * groups kinds by component, so a new kind is counted once it is mapped there.
 */
export const participationEventKinds = [
  "account.registered",
  "residency.requested",
  "residency.verified",
] as const;

export type ParticipationEventKind = (typeof participationEventKinds)[number];
export type ParticipationChannel = "web" | "assisted" | "paper" | "meeting";
