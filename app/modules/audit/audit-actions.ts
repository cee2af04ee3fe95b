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
] as const;

export type AuditAction = (typeof auditActions)[number];
