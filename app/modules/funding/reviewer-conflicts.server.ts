import { asc, eq } from "drizzle-orm";
import { organisations } from "~db/schema/accounts";
import { reviewerConflicts } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisations the reviewer declared a relationship with (they are never drawn for them). */
export async function listConflicts(reviewerId: string) {
  return db
    .select({
      organisationId: reviewerConflicts.organisationId,
      name: organisations.name,
      note: reviewerConflicts.note,
      declaredAt: reviewerConflicts.declaredAt,
    })
    .from(reviewerConflicts)
    .innerJoin(organisations, eq(organisations.id, reviewerConflicts.organisationId))
    .where(eq(reviewerConflicts.reviewerId, reviewerId))
    .orderBy(asc(organisations.name));
}

/** NGOs a reviewer can pick from (public information: the organisations registry). */
export async function listDeclarableOrganisations() {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, "ngo"))
    .orderBy(asc(organisations.name));
}

/**
 * A declared relationship excludes the reviewer from every later draw for that organisation. It does not
 * undo a draw already made: for that, the reviewer recuses on the assignment. Declarations cannot be
 * withdrawn (that would let a reviewer steer which draws they enter). Audited as
 * reviewer.conflict_declared.
 */
export async function declareConflict({
  actor,
  organisationId,
  note,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  organisationId: string;
  note: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  if (!uuidPattern.test(organisationId)) throw new DomainError("reviews:errors.organisationNotFound", 404);
  const [org] = await db
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org || org.kind !== "ngo") throw new DomainError("reviews:errors.organisationNotFound", 404);
  try {
    await db.transaction(async (tx) => {
      await tx
        .insert(reviewerConflicts)
        .values({ reviewerId: actor.id, organisationId: org.id, note: note.trim(), declaredAt: now });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "reviewer.conflict_declared",
        subjectType: "reviewer_conflict",
        subjectId: org.id,
        after: { reviewerId: actor.id, organisationId: org.id, relationship: true },
        meta,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("reviews:errors.conflictAlreadyDeclared", 409);
    throw error;
  }
}
