import { and, eq, inArray, isNull } from "drizzle-orm";
import { organisations, roleAssignments } from "~db/schema/accounts";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { loadOrganisationToAdminister, loadVisibleOrganisation } from "./organisation-queries.server";
import type { OrgScopedRole } from "./permissions";

async function notifyAdmins(organisationId: string, name: string, kind: string, exceptUserId: string) {
  const admins = await db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.organisationId, organisationId),
        inArray(roleAssignments.role, ["ngo_admin"]),
        isNull(roleAssignments.revokedAt),
      ),
    );
  for (const a of admins) {
    if (a.userId === exceptUserId) continue;
    await notifyUser({
      userId: a.userId,
      subjectType: "organisation",
      subjectId: organisationId,
      kind,
      href: `/organisations/${organisationId}`,
      params: { name },
    });
  }
}

/**
 * A district or city official over the organisation's area verifies it or rejects it with a reason
 * (audited). Only a pending organisation is decided; of two officials deciding at once, one wins.
 */
export async function decideOrganisation({
  actor,
  actorRoles,
  organisationId,
  decision,
  reason,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  decision: "verify" | "reject";
  reason?: string | null;
  meta?: RequestMeta;
  now?: Date;
}) {
  const { org, viewer } = await loadVisibleOrganisation(organisationId, actorRoles);
  if (!viewer.canVerify) throw new DomainError("organisations:errors.notYourVerification", 403);
  const why = reason?.trim() ?? "";
  if (decision === "reject" && !why) throw new DomainError("organisations:errors.reasonRequired", 422);
  const status = decision === "verify" ? "verified" : "rejected";
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(organisations)
      .set({
        status,
        decidedBy: actor.id,
        decidedAt: now,
        rejectionReason: decision === "reject" ? why : null,
      })
      .where(and(eq(organisations.id, org.id), eq(organisations.status, "pending")))
      .returning({ id: organisations.id });
    if (!moved) throw new DomainError("organisations:errors.notPending", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: decision === "verify" ? "organisation.verified" : "organisation.rejected",
      subjectType: "organisation",
      subjectId: org.id,
      areaId: org.area.id,
      before: { status: "pending" },
      after: { status },
      reason: decision === "reject" ? why : null,
      meta,
    });
  });
  await notifyAdmins(
    org.id,
    org.name,
    decision === "verify" ? "organisations:notifications.verified" : "organisations:notifications.rejected",
    actor.id,
  );
  return { status };
}

/** After fixing what the official pointed out, an admin sends a rejected organisation back for review. */
export async function resubmitOrganisation({
  actor,
  actorRoles,
  organisationId,
  meta,
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  meta?: RequestMeta;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  await db.transaction(async (tx) => {
    const [moved] = await tx
      .update(organisations)
      .set({ status: "pending" })
      .where(and(eq(organisations.id, org.id), eq(organisations.status, "rejected")))
      .returning({ id: organisations.id });
    if (!moved) throw new DomainError("organisations:errors.notRejected", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.updated",
      subjectType: "organisation",
      subjectId: org.id,
      areaId: org.area.id,
      before: { status: "rejected", rejectionReason: org.rejectionReason },
      after: { status: "pending" },
      meta,
    });
  });
  return { status: "pending" as const };
}
