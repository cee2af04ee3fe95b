import { and, eq, inArray } from "drizzle-orm";
import { organisations } from "~db/schema/accounts";
import { fundingApplications, fundingCallProjects } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { countAttachments } from "./application-attachments.server";
import { shanghaiTime } from "./application-errors";
import { loadApplicationForOrg, loadCallRules } from "./application-queries.server";
import type { ApplicationContent } from "./application-schemas";
import { callPhase, isCallVisible } from "./call-phase";
import { isOrganisationMember, type OrgScopedRole } from "./permissions";
import {
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";

type Actor = { id: string; pseudonymSeed: string | null };

/**
 * A member of a verified organisation starts an application to a visible call that has not closed. One
 * live application per organisation and call: starting again returns the existing one (the organisation
 * row is locked so two clicks at once make one draft).
 */
export async function startApplication({
  actor,
  actorRoles,
  callId,
  organisationId,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly OrgScopedRole[];
  callId: string;
  organisationId: string;
  now?: Date;
}) {
  const call = await loadCallRules(callId);
  if (!call || !isCallVisible(call, now)) throw new DomainError("applications:errors.callNotFound", 404);
  const phase = callPhase(call, now);
  if (phase !== "scheduled" && phase !== "open")
    throw new DomainError("applications:errors.callClosed", 409, { closesAt: shanghaiTime(call.closesAt) });
  if (!isOrganisationMember(actorRoles, organisationId))
    throw new DomainError("applications:errors.notMember", 403);
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ status: organisations.status })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for("update");
    if (!org) throw new DomainError("applications:errors.notMember", 403);
    if (org.status !== "verified") throw new DomainError("applications:errors.orgNotVerified", 403);
    const [existing] = await tx
      .select({ id: fundingApplications.id, status: fundingApplications.status })
      .from(fundingApplications)
      .where(
        and(
          eq(fundingApplications.callId, call.id),
          eq(fundingApplications.organisationId, organisationId),
          inArray(fundingApplications.status, ["draft", "submitted", "returned", "eligible", "ineligible"]),
        ),
      );
    if (existing) return { id: existing.id, created: false, status: existing.status };
    const [row] = await tx
      .insert(fundingApplications)
      .values({
        callId: call.id,
        organisationId,
        title: "",
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: fundingApplications.id });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: row!.id,
      kind: "applications:timeline.started",
      toStatus: "draft",
      at: now,
    });
    return { id: row!.id, created: true, status: "draft" as const };
  });
}

/** Whether the organisation may still change the application at `now`, and if not, why. */
export function editRefusal(
  app: { status: string; reworkDueAt: Date | null },
  call: Parameters<typeof callPhase>[0],
  now: Date,
): DomainError | null {
  if (app.status === "returned") {
    if (app.reworkDueAt && now.getTime() < app.reworkDueAt.getTime()) return null;
    return new DomainError("applications:errors.reworkOver", 409, {
      dueAt: app.reworkDueAt ? shanghaiTime(app.reworkDueAt) : "",
    });
  }
  if (app.status !== "draft") return new DomainError("applications:errors.locked", 409);
  const phase = callPhase(call, now);
  if (phase !== "scheduled" && phase !== "open")
    return new DomainError("applications:errors.callClosed", 409, { closesAt: shanghaiTime(call.closesAt) });
  return null;
}

/**
 * Saves what the organisation typed, complete or not (validated in full only at submission). Only a
 * draft before the close, or an application returned for rework before its deadline, can change.
 * Attachments are checked by their bytes before anything is stored.
 */
export async function saveDraft({
  actor,
  actorRoles,
  applicationId,
  content,
  files = [],
  storage = defaultStorage(),
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly OrgScopedRole[];
  applicationId: string;
  content: ApplicationContent;
  files?: readonly File[];
  storage?: UploadStorage;
  now?: Date;
}) {
  const app = await loadApplicationForOrg(applicationId, actorRoles);
  if (!app) throw new DomainError("applications:errors.notFound", 404);
  const early = editRefusal(app, app.call, now);
  if (early) throw early;
  const prepared = await prepareUploads(files, await countAttachments(app.id));
  const stored = await writeUploads(storage, prepared);
  try {
    await db.transaction(async (tx) => {
      const [locked] = await tx
        .select({ status: fundingApplications.status, reworkDueAt: fundingApplications.reworkDueAt })
        .from(fundingApplications)
        .where(eq(fundingApplications.id, app.id))
        .for("update");
      const refusal = locked
        ? editRefusal(locked, app.call, now)
        : new DomainError("applications:errors.notFound", 404);
      if (refusal) throw refusal;
      if (content.livelihoodProjectId) {
        const [link] = await tx
          .select({ id: fundingCallProjects.projectId })
          .from(fundingCallProjects)
          .where(
            and(
              eq(fundingCallProjects.callId, app.callId),
              eq(fundingCallProjects.projectId, content.livelihoodProjectId),
            ),
          );
        if (!link) throw new DomainError("applications:errors.pickProject", 422);
      }
      await tx
        .update(fundingApplications)
        .set({
          title: content.title,
          summary: content.summary,
          needs: content.needs,
          beneficiaries: content.beneficiaries,
          beneficiaryCount: content.beneficiaryCount,
          objectives: content.objectives,
          activities: content.activities,
          indicators: content.indicators,
          team: content.team,
          budgetLines: content.budgetLines,
          projectTotalMinor: content.budgetLines.reduce((s, l) => s + l.amountMinor, 0),
          selfRaisedMinor: content.selfRaisedMinor,
          requestedMinor: content.requestedMinor,
          livelihoodProjectId: content.livelihoodProjectId,
          updatedAt: now,
        })
        .where(eq(fundingApplications.id, app.id));
      await insertAttachments(
        tx,
        { subjectType: "funding_application", subjectId: app.id, uploadedBy: actor.id },
        stored,
      );
    });
  } catch (error) {
    await discardUploads(storage, stored);
    throw error;
  }
  return { id: app.id };
}
