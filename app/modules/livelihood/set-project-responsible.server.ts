import { and, eq } from "drizzle-orm";
import { organisations } from "~db/schema/accounts";
import { livelihoodProjects } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { findManagedProject } from "./project-queries.server";
import type { ResponsibleKind } from "./project-rules";
import { responsibleNameMax } from "./project-schemas";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface SetProjectResponsibleInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  projectId: string;
  kind: ResponsibleKind;
  /** The department's name (required for a department); optional wording for the committee. */
  name?: string | null;
  /** A verified NGO (required for an organisation). */
  organisationId?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

/** Names who delivers the project: the community committee, a government department, or a verified NGO. */
export async function setProjectResponsible({
  actor,
  actorRoles,
  projectId,
  kind,
  name,
  organisationId,
  meta,
  now = new Date(),
}: SetProjectResponsibleInput) {
  const context = await findManagedProject(projectId, actorRoles);
  if (context.project.status !== "implementing")
    throw new DomainError("projects:errors.notImplementing", 409);
  let responsibleName = name?.trim() || null;
  let responsibleOrganisationId: string | null = null;
  if (responsibleName && responsibleName.length > responsibleNameMax)
    throw new DomainError("errors:tooLong", 422, { max: responsibleNameMax });
  if (kind === "department" && !responsibleName)
    throw new DomainError("projects:errors.departmentNameRequired", 422);
  if (kind === "organisation") {
    const [org] = organisationId
      ? await db
          .select({ id: organisations.id, name: organisations.name })
          .from(organisations)
          .where(
            and(
              eq(organisations.id, organisationId),
              eq(organisations.kind, "ngo"),
              eq(organisations.status, "verified"),
            ),
          )
      : [];
    if (!org) throw new DomainError("projects:errors.organisationNotVerified", 422);
    responsibleOrganisationId = org.id;
    responsibleName = org.name;
  }
  const before = {
    kind: context.project.responsibleKind,
    name: context.project.responsibleName,
    organisationId: context.project.responsibleOrganisationId,
  };
  return db.transaction(async (tx) => {
    await tx
      .update(livelihoodProjects)
      .set({ responsibleKind: kind, responsibleName, responsibleOrganisationId })
      .where(eq(livelihoodProjects.id, projectId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "project.responsible_set",
      subjectType: "project",
      subjectId: projectId,
      areaId: context.project.areaId,
      before,
      after: { kind, name: responsibleName, organisationId: responsibleOrganisationId },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "project",
      subjectId: projectId,
      kind: "projects:timeline.responsibleSet",
      actorUserId: actor.id,
      official: true,
      params: { name: responsibleName ?? "" },
      at: now,
    });
    return { kind, name: responsibleName };
  });
}
