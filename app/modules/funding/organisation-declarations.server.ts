import { organisationDeclarations } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { loadOrganisationToAdminister } from "./organisation-queries.server";
import type { OrgScopedRole } from "./permissions";

/**
 * An admin records the organisation's integrity declarations, named and dated. Append-only: the newest
 * supersedes the earlier ones, which stay as history. A "no" is recorded as such, not refused —
 * reviewers and officials see it.
 */
export async function recordDeclaration({
  actor,
  actorRoles,
  organisationId,
  declarantName,
  notAbnormal1y,
  notSeriousViolation2y,
  noMajorViolation3y,
  note,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  declarantName: string;
  notAbnormal1y: boolean;
  notSeriousViolation2y: boolean;
  noMajorViolation3y: boolean;
  note?: string | null;
  meta?: RequestMeta;
  now?: Date;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  const name = declarantName.trim();
  if (!name) throw new DomainError("errors:required", 422);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organisationDeclarations)
      .values({
        organisationId: org.id,
        declarantId: actor.id,
        declarantName: name,
        declaredAt: now,
        notAbnormal1y,
        notSeriousViolation2y,
        noMajorViolation3y,
        note: note?.trim() || null,
      })
      .returning({ id: organisationDeclarations.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.updated",
      subjectType: "organisation",
      subjectId: org.id,
      areaId: org.area.id,
      after: { declarationId: row!.id, notAbnormal1y, notSeriousViolation2y, noMajorViolation3y },
      meta,
    });
    return { id: row!.id };
  });
}
