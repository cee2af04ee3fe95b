import { eq } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { consultations } from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { announceMatterConsulting, markMatterConsulting } from "./matter-link.server";
import { consultationFieldIssues, type ConsultationFields } from "./consultation-schemas";
import { isUuid } from "./consultation-queries.server";

export interface CreateConsultationInput {
  actor: { id: string; pseudonymSeed: string | null; displayName?: string | null };
  actorRoles: readonly ScopedRole[];
  /** The area it is for; ignored when it is opened on a matter (then the matter's community). */
  areaCode?: string | null;
  matterId?: string | null;
  fields: ConsultationFields;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * A committee member or an official opens a draft consultation for an area they act for. Opened on a
 * matter, it is for the matter's community and the matter moves to "consulting" in the same transaction.
 */
export async function createConsultation({
  actor,
  actorRoles,
  areaCode,
  matterId,
  fields,
  meta,
  now = new Date(),
}: CreateConsultationInput) {
  let areaId: number;
  let areaPath: string;
  let matter: { id: string; title: string } | null = null;
  if (matterId) {
    if (!isUuid(matterId)) throw new DomainError("consultations:errors.matterNotFound", 404);
    const [found] = await db
      .select({ id: matters.id, title: matters.title, areaId: areas.id, path: areas.path })
      .from(matters)
      .innerJoin(areas, eq(areas.id, matters.communityId))
      .where(eq(matters.id, matterId));
    if (!found) throw new DomainError("consultations:errors.matterNotFound", 404);
    areaId = found.areaId;
    areaPath = found.path;
    matter = { id: found.id, title: found.title };
  } else {
    const [area] = areaCode
      ? await db.select({ id: areas.id, path: areas.path }).from(areas).where(eq(areas.code, areaCode))
      : [];
    if (!area) throw new DomainError("consultations:errors.areaNotFound", 404);
    areaId = area.id;
    areaPath = area.path;
  }
  const permission = canManageArea(actorRoles, areaPath);
  if (!permission.allowed) throw new DomainError("consultations:errors.notOrganiser", 403);
  const issue = consultationFieldIssues(fields)[0];
  if (issue) throw new DomainError(issue.message, 422);

  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(consultations)
      .values({
        areaId,
        matterId: matterId ?? null,
        title: fields.title,
        background: fields.background,
        eligibility: fields.eligibility,
        liveResults: fields.liveResults,
        allowStatements: fields.allowStatements,
        opensAt: fields.opensAt,
        closesAt: fields.closesAt,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning({ id: consultations.id });
    const id = row!.id;
    if (matter) await markMatterConsulting(tx, matter.id, id, { actor, actorRoles, meta, now });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "consultation.created",
      subjectType: "consultation",
      subjectId: id,
      areaId,
      after: { ...fields, matterId: matterId ?? null },
      meta,
    });
    return { id };
  });
  if (matter) await announceMatterConsulting(matter, actor.id);
  return created;
}
