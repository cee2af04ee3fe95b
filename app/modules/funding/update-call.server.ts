import { eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import {
  deleteAttachments,
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import { isRubricFrozen } from "./call-phase";
import { loadCallForManagement, type CallRow } from "./call-queries.server";
import type { CallFields, FrozenEditFields } from "./call-schemas";
import {
  assertCallRules,
  auditSummary,
  callColumns,
  checkTargetAreas,
  writeRubric,
  writeTargetAreas,
} from "./create-call.server";

type Actor = { id: string };

/** Locks the call's row for the change (two officials saving at once are serialised). */
export async function lockCall(tx: Tx, callId: string): Promise<CallRow> {
  const [row] = await tx.select().from(fundingCalls).where(eq(fundingCalls.id, callId)).for("update");
  if (!row) throw new DomainError("calls:errors.callNotFound", 404);
  return row;
}

function assertEditable(call: CallRow) {
  if (call.status === "cancelled" || call.status === "awarded")
    throw new DomainError("calls:errors.notEditable", 409);
}

export type UpdateCallInput = {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  callId: string;
  meta?: RequestMeta;
  now?: Date;
} & ({ full: true; fields: CallFields } | { full: false; fields: FrozenEditFields });

/**
 * Draft or scheduled: everything may change. From the opening on, the rubric, checklist, money rules
 * and the application window are frozen (applicants rely on them); texts may still be corrected, the
 * review may end later and the notice may run longer, never shorter.
 */
export async function updateCall({
  actor,
  actorRoles,
  callId,
  full,
  fields,
  meta,
  now = new Date(),
}: UpdateCallInput) {
  const { areaPath } = await loadCallForManagement(callId, actorRoles, now);
  if (full) assertCallRules(fields);
  await db.transaction(async (tx) => {
    const call = await lockCall(tx, callId);
    assertEditable(call);
    const frozen = isRubricFrozen(call, now);
    if (full) {
      if (frozen) throw new DomainError("calls:errors.rubricFrozen", 409);
      const targets = await checkTargetAreas(tx, areaPath, call.areaId, fields.targetAreaIds);
      await tx.update(fundingCalls).set(callColumns(fields)).where(eq(fundingCalls.id, callId));
      await writeTargetAreas(tx, callId, targets);
      await writeRubric(tx, callId, fields);
    } else {
      if (fields.reviewEndsAt.getTime() < Math.max(call.reviewEndsAt.getTime(), call.closesAt.getTime()))
        throw new DomainError("calls:errors.reviewEndsEarlier", 422);
      if (frozen && fields.noticeDays < call.noticeDays)
        throw new DomainError("calls:errors.noticeShorter", 422);
      await tx.update(fundingCalls).set(fields).where(eq(fundingCalls.id, callId));
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.updated",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: call.areaId,
      before: auditSummary(callColumns({ ...(call as unknown as CallFields) })),
      after: auditSummary(fields),
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.updated",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
  });
}

/** Adds documents (PDF, images… checked by their bytes) to a call that is not cancelled. */
export async function addCallDocuments({
  actor,
  actorRoles,
  callId,
  files,
  storage = defaultStorage(),
  meta,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  callId: string;
  files: readonly File[];
  storage?: UploadStorage;
  meta?: RequestMeta;
  now?: Date;
}) {
  await loadCallForManagement(callId, actorRoles, now);
  if (files.length === 0) throw new DomainError("calls:errors.noFiles", 422);
  const prepared = await prepareUploads(files);
  const stored = await writeUploads(storage, prepared);
  await db
    .transaction(async (tx) => {
      const call = await lockCall(tx, callId);
      if (call.status === "cancelled") throw new DomainError("calls:errors.notEditable", 409);
      await insertAttachments(
        tx,
        { subjectType: "funding_call", subjectId: callId, uploadedBy: actor.id },
        stored,
      );
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "call.updated",
        subjectType: "funding_call",
        subjectId: callId,
        areaId: call.areaId,
        after: { documentsAdded: stored.map((s) => s.fileName) },
        meta,
      });
      await recordTimeline(tx, {
        subjectType: "funding_call",
        subjectId: callId,
        kind: "calls:timeline.documentsAdded",
        params: { count: stored.length },
        actorUserId: actor.id,
        official: true,
        at: now,
      });
    })
    .catch(async (error: unknown) => {
      await discardUploads(storage, stored);
      throw error;
    });
}

/** Removes one document of the call (ids of other subjects are ignored → 404). */
export async function removeCallDocument({
  actor,
  actorRoles,
  callId,
  attachmentId,
  storage = defaultStorage(),
  meta,
  now = new Date(),
}: {
  actor: Actor;
  actorRoles: readonly ScopedRole[];
  callId: string;
  attachmentId: string;
  storage?: UploadStorage;
  meta?: RequestMeta;
  now?: Date;
}) {
  await loadCallForManagement(callId, actorRoles, now);
  const removed = await db.transaction(async (tx) => {
    const call = await lockCall(tx, callId);
    const keys = await deleteAttachments(tx, { subjectType: "funding_call", subjectId: callId }, [
      attachmentId,
    ]);
    if (keys.length === 0) throw new DomainError("calls:errors.documentNotFound", 404);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.updated",
      subjectType: "funding_call",
      subjectId: callId,
      areaId: call.areaId,
      after: { documentRemoved: attachmentId },
      meta,
    });
    await recordTimeline(tx, {
      subjectType: "funding_call",
      subjectId: callId,
      kind: "calls:timeline.documentRemoved",
      actorUserId: actor.id,
      official: true,
      at: now,
    });
    return keys;
  });
  await discardUploads(storage, removed);
}
