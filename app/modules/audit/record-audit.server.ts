import type { Tx } from "~db/client";
import { auditEntries } from "~db/schema/ledger";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { AuditAction } from "./audit-actions";

export interface AuditInput {
  actorUserId: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  areaId?: number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  meta?: RequestMeta;
}

/** Appends one audit entry inside the caller's transaction (the `tx` makes that mandatory). */
export async function recordAudit(tx: Tx, input: AuditInput) {
  await tx.insert(auditEntries).values({
    actorUserId: input.actorUserId,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    areaId: input.areaId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    reason: input.reason ?? null,
    ip: input.meta?.ip ?? null,
    userAgent: input.meta?.userAgent ?? null,
  });
}
