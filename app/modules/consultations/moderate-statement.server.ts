import { and, eq } from "drizzle-orm";
import { consultationStatements } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { getConsultation, isOrganiser, isUuid } from "./consultation-queries.server";

export interface ModerateStatementInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  statementId: string;
  decision: "approve" | "reject";
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The committee approves or rejects a pending statement. A conditional UPDATE … WHERE status = 'pending'
 * means of two moderators acting at once exactly one decides. Audited.
 */
export async function moderateStatement({
  actor,
  actorRoles,
  consultationId,
  statementId,
  decision,
  meta,
  now = new Date(),
}: ModerateStatementInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  if (!isOrganiser(actorRoles, consultation)) throw new DomainError("consultations:errors.notOrganiser", 403);
  if (!isUuid(statementId)) throw new DomainError("consultations:errors.statementNotFound", 404);
  const [statement] = await db
    .select({
      id: consultationStatements.id,
      status: consultationStatements.status,
      text: consultationStatements.text,
    })
    .from(consultationStatements)
    .where(
      and(
        eq(consultationStatements.id, statementId),
        eq(consultationStatements.consultationId, consultation.id),
      ),
    );
  if (!statement) throw new DomainError("consultations:errors.statementNotFound", 404);
  const status = decision === "approve" ? ("approved" as const) : ("rejected" as const);
  await db.transaction(async (tx) => {
    const [done] = await tx
      .update(consultationStatements)
      .set({ status, moderatedBy: actor.id, moderatedAt: now })
      .where(and(eq(consultationStatements.id, statement.id), eq(consultationStatements.status, "pending")))
      .returning({ id: consultationStatements.id });
    if (!done) throw new DomainError("consultations:errors.alreadyModerated", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "statement.moderated",
      subjectType: "consultation_statement",
      subjectId: statement.id,
      areaId: consultation.areaId,
      before: { status: "pending" },
      after: { status, consultationId: consultation.id },
      meta,
    });
  });
  return { status };
}
