import { and, eq, inArray, isNull } from "drizzle-orm";
import { fundingApplications, fundingChecklistItems, fundingScreeningChecks } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import {} from "./application-errors";
import {
  loadApplicationForOfficial,
  organisationAdminIds,
  type LoadedApplication,
} from "./application-queries.server";
import { callPhase } from "./call-phase";
import type { OrgScopedRole } from "./permissions";

type Official = { id: string };
const screenable = ["submitted", "eligible", "ineligible"] as const;

/** The call's officials only (anyone else: 404), and only once the call has closed. */
async function loadForScreening(applicationId: string, actorRoles: readonly OrgScopedRole[], now: Date) {
  const app = await loadApplicationForOfficial(applicationId, actorRoles);
  if (!app) throw new DomainError("applications:errors.notFound", 404);
  const phase = callPhase(app.call, now);
  if (phase !== "closed" && phase !== "in_review")
    throw new DomainError("applications:errors.screenNotYet", 409);
  return app;
}

async function tellAdmins(app: LoadedApplication, kind: string) {
  for (const userId of await organisationAdminIds(app.organisationId))
    await notifyUser({
      userId,
      subjectType: "funding_application",
      subjectId: app.id,
      kind,
      href: `/applications/${app.id}`,
      params: { title: app.title },
    });
}

/**
 * Screening: every checklist item of the call passes or fails (a fail needs a reason the applicant will
 * read). All pass → eligible; any fail → ineligible. Re-screening replaces the checks; the audit keeps
 * every verdict.
 */
export async function screenApplication({
  actor,
  actorRoles,
  applicationId,
  checks,
  note,
  meta,
  now = new Date(),
}: {
  actor: Official;
  actorRoles: readonly OrgScopedRole[];
  applicationId: string;
  checks: readonly { itemId: string; passed: boolean; reason?: string | null }[];
  note?: string | null;
  meta?: RequestMeta;
  now?: Date;
}) {
  const app = await loadForScreening(applicationId, actorRoles, now);
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: fundingApplications.status })
      .from(fundingApplications)
      .where(eq(fundingApplications.id, app.id))
      .for("update");
    if (!row || !(screenable as readonly string[]).includes(row.status))
      throw new DomainError("applications:errors.notScreenable", 409);
    const items = await tx
      .select({ id: fundingChecklistItems.id })
      .from(fundingChecklistItems)
      .where(eq(fundingChecklistItems.callId, app.callId));
    const given = new Map(checks.map((c) => [c.itemId, c]));
    if (items.length === 0 || given.size !== items.length || items.some((i) => !given.has(i.id)))
      throw new DomainError("applications:errors.checkEveryItem", 422);
    for (const c of checks)
      if (!c.passed && !c.reason?.trim()) throw new DomainError("applications:errors.failReason", 422);
    const eligible = checks.every((c) => c.passed);
    const status = eligible ? "eligible" : "ineligible";
    await tx.delete(fundingScreeningChecks).where(eq(fundingScreeningChecks.applicationId, app.id));
    await tx.insert(fundingScreeningChecks).values(
      checks.map((c) => ({
        applicationId: app.id,
        itemId: c.itemId,
        passed: c.passed,
        reason: c.reason?.trim() || null,
        checkedBy: actor.id,
        checkedAt: now,
      })),
    );
    await tx
      .update(fundingApplications)
      .set({ status, screenedBy: actor.id, screenedAt: now, screeningNote: note?.trim() || null })
      .where(eq(fundingApplications.id, app.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "application.screened",
      subjectType: "funding_application",
      subjectId: app.id,
      areaId: app.call.areaId,
      before: { status: row.status },
      after: {
        status,
        checks: checks.map((c) => ({ itemId: c.itemId, passed: c.passed, reason: c.reason ?? null })),
      },
      reason: note?.trim() || null,
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: app.id,
      kind: eligible ? "applications:timeline.eligible" : "applications:timeline.ineligible",
      fromStatus: row.status,
      toStatus: status,
      actorUserId: actor.id,
      official: true,
      at: now,
    });
    return { id: app.id, status };
  });
  await tellAdmins(
    app,
    result.status === "eligible"
      ? "applications:notifications.eligible"
      : "applications:notifications.ineligible",
  );
  return result;
}

/**
 * Returns a submitted application for rework, once, with a reason and a deadline after now. The applicant
 * edits and resubmits before the deadline (server clock); a second return is refused.
 */
export async function returnForRework({
  actor,
  actorRoles,
  applicationId,
  reason,
  dueAt,
  meta,
  now = new Date(),
}: {
  actor: Official;
  actorRoles: readonly OrgScopedRole[];
  applicationId: string;
  reason: string;
  dueAt: Date;
  meta?: RequestMeta;
  now?: Date;
}) {
  const app = await loadForScreening(applicationId, actorRoles, now);
  if (!reason.trim()) throw new DomainError("applications:errors.returnReason", 422);
  if (dueAt.getTime() <= now.getTime()) throw new DomainError("applications:errors.dueAt", 422);
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: fundingApplications.status, returnedAt: fundingApplications.returnedAt })
      .from(fundingApplications)
      .where(eq(fundingApplications.id, app.id))
      .for("update");
    if (!row) throw new DomainError("applications:errors.notFound", 404);
    if (row.returnedAt) throw new DomainError("applications:errors.alreadyReturned", 409);
    if (!(screenable as readonly string[]).includes(row.status))
      throw new DomainError("applications:errors.notScreenable", 409);
    const [moved] = await tx
      .update(fundingApplications)
      .set({
        status: "returned",
        returnedAt: now,
        returnReason: reason.trim(),
        reworkDueAt: dueAt,
        updatedAt: now,
      })
      .where(
        and(
          eq(fundingApplications.id, app.id),
          isNull(fundingApplications.returnedAt),
          inArray(fundingApplications.status, [...screenable]),
        ),
      )
      .returning({ id: fundingApplications.id });
    if (!moved) throw new DomainError("applications:errors.alreadyReturned", 409);
    // The old verdicts no longer describe the reworked application; the audit keeps them.
    await tx.delete(fundingScreeningChecks).where(eq(fundingScreeningChecks.applicationId, app.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "application.returned",
      subjectType: "funding_application",
      subjectId: app.id,
      areaId: app.call.areaId,
      before: { status: row.status },
      after: { status: "returned", reworkDueAt: dueAt.toISOString() },
      reason: reason.trim(),
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: app.id,
      kind: "applications:timeline.returned",
      fromStatus: row.status,
      toStatus: "returned",
      actorUserId: actor.id,
      official: true,
      note: reason.trim(),
      at: now,
    });
    return { id: app.id, reworkDueAt: dueAt };
  });
  await tellAdmins(app, "applications:notifications.returned");
  return result;
}
