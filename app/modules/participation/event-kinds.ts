/**
 * Every kind of participation event. Features add their kinds here as they land; the engagement index
 * groups kinds by component, so a new kind is counted once it is mapped there.
 */
export const participationEventKinds = [
  "account.registered",
  "residency.requested",
  "residency.verified",
  // Engagement index kinds (app/modules/metrics/components.ts reads exactly these names).
  "comment.posted",
  "meeting.attended",
  "proposal.published",
  "consultation.opened",
  "matter.raised",
  "ballot.cast",
  "matter.responded",
  "project.accepted",
  "evaluation.submitted",
  "outcome.published",
  "notice.published",
  "decision.made",
  "application.submitted",
  "award.made",
  // Livelihood projects (not read by the index: counted in breadth as resident activity).
  "proposal.submitted",
  "proposal.supported",
  "proposal.support_withdrawn",
  "objection.raised",
  // Matters, consultations and meetings.
  "matter.me_too",
  "matter.rated",
  "consultation.responded",
  "statement.submitted",
  "statement.voted",
  "meeting.registered",
  // Funding (application.submitted and award.made are index kinds above).
  "report.submitted",
  "call.question_asked",
] as const;

export type ParticipationEventKind = (typeof participationEventKinds)[number];
export type ParticipationChannel = "web" | "assisted" | "paper" | "meeting";
