import { and, eq, sql } from "drizzle-orm";
import { consultationStatements, statementVotes } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import type { StatementVoteValue } from "./consultation-schemas";
import { getConsultation, isUuid, participationRefusal } from "./consultation-queries.server";
import { requireOpen } from "./submit-response.server";

export interface VoteStatementInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  consultationId: string;
  statementId: string;
  vote: StatementVoteValue;
  now?: Date;
}

/**
 * A participant marks an approved statement agree / disagree / pass. One vote per person and statement
 * (primary key), changeable until close; the event is recorded for the first vote only.
 */
export async function voteStatement({
  actor,
  actorRoles,
  consultationId,
  statementId,
  vote,
  now = new Date(),
}: VoteStatementInput) {
  const consultation = await getConsultation(consultationId);
  if (!consultation) throw new DomainError("consultations:errors.notFound", 404);
  requireOpen(consultation, now);
  const refusal = participationRefusal(actorRoles, consultation);
  if (refusal) throw new DomainError(refusal, 403);
  if (!isUuid(statementId)) throw new DomainError("consultations:errors.statementNotFound", 404);
  const [statement] = await db
    .select({ id: consultationStatements.id })
    .from(consultationStatements)
    .where(
      and(
        eq(consultationStatements.id, statementId),
        eq(consultationStatements.consultationId, consultation.id),
        eq(consultationStatements.status, "approved"),
      ),
    );
  if (!statement) throw new DomainError("consultations:errors.statementNotFound", 404);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(statementVotes)
      .values({ statementId: statement.id, userId: actor.id, vote, createdAt: now })
      .onConflictDoUpdate({ target: [statementVotes.statementId, statementVotes.userId], set: { vote } })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (row?.inserted)
      await recordParticipation(tx, {
        kind: "statement.voted",
        actor,
        areaId: consultation.areaId,
        subjectType: "consultation",
        subjectId: consultation.id,
      });
    return { first: row?.inserted ?? false };
  });
}
