/** Every privileged act that is audited. Features add theirs as they land. */
export const auditActions = [
  "residency.approved",
  "residency.rejected",
  "residency.invite_issued",
  "role.granted",
  "role.revoked",
  "account.deleted",
  "areas.imported",
  "metrics.weights_changed",
  // Livelihood schemes and proposals.
  "scheme.created",
  "scheme.updated",
  "scheme.published",
  "scheme.cancelled",
  "proposal.screened",
  "proposal.cost_revised",
  "proposal.responded",
  // Deliberation.
  "comment.official_posted",
  "comment.hidden",
  "comment.restored",
  // Voting.
  "ballot.paper_entered",
  "council.recorded",
  "results.published",
  // Public notice and delivery.
  "objection.answered",
  "scheme.confirmed",
  "project.responsible_set",
  "project.milestone_added",
  "project.milestone_done",
  "project.updated",
  "project.accepted",
] as const;

export type AuditAction = (typeof auditActions)[number];
