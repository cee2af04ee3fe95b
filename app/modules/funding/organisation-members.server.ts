import { and, eq, inArray, isNull } from "drizzle-orm";
import { organisations, roleAssignments, users } from "~db/schema/accounts";
import { organisationInvitations } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { maskEmail, maskPhone, parseIdentifier } from "~/modules/accounts/identifier";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { identifiersOf, isUuid, loadOrganisationToAdminister } from "./organisation-queries.server";
import type { OrgScopedRole } from "./permissions";

export type MemberRole = "admin" | "member";
const roleFor = (role: MemberRole) => (role === "admin" ? "ngo_admin" : "ngo_member");
const masked = (identifier: string) =>
  identifier.includes("@") ? maskEmail(identifier) : maskPhone(identifier);

/**
 * An admin invites a person by e-mail or phone (normalised as people sign in). The person accepts from
 * their own account; nothing is granted until then. One open invitation per person and organisation.
 */
export async function inviteMember({
  actor,
  actorRoles,
  organisationId,
  identifier: raw,
  role,
  meta,
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  identifier: string;
  role: MemberRole;
  meta?: RequestMeta;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  const parsed = parseIdentifier(raw);
  if (!parsed) throw new DomainError("organisations:errors.badIdentifier", 422);
  const identifier = parsed.value;
  const column = parsed.kind === "email" ? users.email : users.phone;
  const [invitee] = await db.select({ id: users.id }).from(users).where(eq(column, identifier));
  if (invitee) {
    const [held] = await db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, invitee.id),
          eq(roleAssignments.organisationId, org.id),
          eq(roleAssignments.role, roleFor(role)),
          isNull(roleAssignments.revokedAt),
        ),
      );
    if (held) throw new DomainError("organisations:errors.alreadyMember", 409);
  }
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(organisationInvitations)
        .values({ organisationId: org.id, identifier, role: roleFor(role), invitedBy: actor.id })
        .returning({ id: organisationInvitations.id });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "organisation.member_invited",
        subjectType: "organisation",
        subjectId: org.id,
        areaId: org.area.id,
        after: { invitationId: row!.id, identifier: masked(identifier), role: roleFor(role) },
        meta,
      });
      return row!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("organisations:errors.alreadyInvited", 409);
    throw error;
  }
  if (invitee)
    await notifyUser({
      userId: invitee.id,
      subjectType: "organisation",
      subjectId: org.id,
      kind: "organisations:notifications.invited",
      href: "/organisations/invitations",
      params: { name: org.name },
    });
  return { id };
}

/** An admin withdraws an invitation not yet answered. */
export async function cancelInvitation({
  actorRoles,
  organisationId,
  invitationId,
  now = new Date(),
}: {
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  invitationId: string;
  now?: Date;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  if (!isUuid(invitationId)) throw new DomainError("organisations:errors.invitationNotFound", 404);
  const [row] = await db
    .update(organisationInvitations)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(organisationInvitations.id, invitationId),
        eq(organisationInvitations.organisationId, org.id),
        isNull(organisationInvitations.acceptedAt),
        isNull(organisationInvitations.cancelledAt),
      ),
    )
    .returning({ id: organisationInvitations.id });
  if (!row) throw new DomainError("organisations:errors.invitationNotFound", 404);
}

/**
 * The invitee accepts (the role is granted, scoped to the organisation and its area; audited as a role
 * grant) or declines. Only invitations addressed to the person's own e-mail or phone exist for them.
 */
export async function answerInvitation({
  actor,
  invitationId,
  accept,
  meta,
  now = new Date(),
}: {
  actor: { id: string; email: string | null; phone: string | null };
  invitationId: string;
  accept: boolean;
  meta?: RequestMeta;
  now?: Date;
}) {
  const mine = identifiersOf(actor);
  if (!isUuid(invitationId) || mine.length === 0)
    throw new DomainError("organisations:errors.invitationNotFound", 404);
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select({
        id: organisationInvitations.id,
        organisationId: organisationInvitations.organisationId,
        role: organisationInvitations.role,
        invitedBy: organisationInvitations.invitedBy,
        areaId: organisations.areaId,
      })
      .from(organisationInvitations)
      .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
      .where(
        and(
          eq(organisationInvitations.id, invitationId),
          inArray(organisationInvitations.identifier, mine),
          isNull(organisationInvitations.acceptedAt),
          isNull(organisationInvitations.cancelledAt),
        ),
      )
      .for("update", { of: organisationInvitations });
    if (!invitation) throw new DomainError("organisations:errors.invitationNotFound", 404);
    if (!accept) {
      await tx
        .update(organisationInvitations)
        .set({ cancelledAt: now })
        .where(eq(organisationInvitations.id, invitation.id));
      return { organisationId: invitation.organisationId, accepted: false };
    }
    await tx
      .update(organisationInvitations)
      .set({ acceptedAt: now, acceptedBy: actor.id })
      .where(eq(organisationInvitations.id, invitation.id));
    // Already holding the role (granted another way): accepting changes nothing more.
    const granted = await tx
      .insert(roleAssignments)
      .values({
        userId: actor.id,
        role: invitation.role,
        areaId: invitation.areaId,
        organisationId: invitation.organisationId,
        grantedBy: invitation.invitedBy,
      })
      .onConflictDoNothing()
      .returning({ id: roleAssignments.id });
    if (granted.length)
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "role.granted",
        subjectType: "organisation",
        subjectId: invitation.organisationId,
        areaId: invitation.areaId,
        after: {
          userId: actor.id,
          role: invitation.role,
          organisationId: invitation.organisationId,
          via: "invitation",
          invitationId: invitation.id,
        },
        meta,
      });
    return { organisationId: invitation.organisationId, accepted: true };
  });
}

/**
 * An admin removes a member's role (revoked, kept for history; audited). The last admin cannot be
 * removed: the admin rows are locked first, so two admins removing each other at once leave one.
 */
export async function removeMember({
  actor,
  actorRoles,
  organisationId,
  assignmentId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  organisationId: string;
  assignmentId: string;
  meta?: RequestMeta;
  now?: Date;
}) {
  const { org } = await loadOrganisationToAdminister(organisationId, actorRoles);
  if (!isUuid(assignmentId)) throw new DomainError("organisations:errors.memberNotFound", 404);
  await db.transaction(async (tx) => {
    const held = await tx
      .select({ id: roleAssignments.id, userId: roleAssignments.userId, role: roleAssignments.role })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.organisationId, org.id),
          inArray(roleAssignments.role, ["ngo_admin", "ngo_member"]),
          isNull(roleAssignments.revokedAt),
        ),
      )
      .orderBy(roleAssignments.id)
      .for("update");
    const target = held.find((r) => r.id === assignmentId);
    if (!target) throw new DomainError("organisations:errors.memberNotFound", 404);
    // The actor's own admin role may have been revoked a moment ago by another admin.
    if (!held.some((r) => r.userId === actor.id && r.role === "ngo_admin"))
      throw new DomainError("organisations:errors.notAdmin", 403);
    if (target.role === "ngo_admin") {
      const admins = new Set(held.filter((r) => r.role === "ngo_admin").map((r) => r.userId));
      if (admins.size <= 1) throw new DomainError("organisations:errors.lastAdmin", 409);
    }
    await tx
      .update(roleAssignments)
      .set({ revokedAt: now, revokedBy: actor.id })
      .where(eq(roleAssignments.id, target.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "organisation.member_removed",
      subjectType: "organisation",
      subjectId: org.id,
      areaId: org.area.id,
      before: { assignmentId: target.id, userId: target.userId, role: target.role },
      meta,
    });
  });
}
