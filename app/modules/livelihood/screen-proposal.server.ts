import { and, eq } from "drizzle-orm";
import { proposals } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import type { ScreeningReason } from "./categories";
import { canScreenProposal } from "./permissions";
import { proposalTransition, type ProposalEvent } from "./proposal-status";
import { formatFen } from "~/lib/money";
import { getProposalForScreening } from "./screening-queries.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export type ScreeningDecision = "eligible" | "ineligible" | "merge";

export interface ScreenProposalInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  proposalId: string;
  decision: ScreeningDecision;
  reason?: ScreeningReason | null;
  note?: string | null;
  mergeIntoId?: string | null;
  revisedCostMinor?: number | null;
  costNote?: string | null;
  response?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

const events: Record<ScreeningDecision, ProposalEvent> = {
  eligible: "markEligible",
  ineligible: "markIneligible",
  merge: "merge",
};

const capKey = { service: "capServiceMinor", goods: "capGoodsMinor", works: "capWorksMinor" } as const;

/**
 * Screening (资格审查) of a proposal that reached its support threshold: eligible, ineligible (with a
 * reason from the negative list and a note), or merged into a similar proposal of the same scheme;
 * optionally with a revised cost (with its note) and an official response shown on the proposal. The
 * status changes with a conditional UPDATE … WHERE status = 'screening', so of two screeners clicking at
 * once exactly one decides and the other is told it was already screened.
 */
export async function screenProposal({
  actor,
  actorRoles,
  proposalId,
  decision,
  reason,
  note,
  mergeIntoId,
  revisedCostMinor,
  costNote,
  response,
  meta,
  now = new Date(),
}: ScreenProposalInput) {
  const found = await getProposalForScreening(proposalId);
  if (!found) throw new DomainError("schemes:errors.proposalNotFound", 404);
  const { proposal, scheme } = found;
  const permission = canScreenProposal(actorRoles, {
    schemeAreaPath: found.schemeAreaPath,
    communityPath: found.communityPath,
  });
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  if (scheme.status !== "published") throw new DomainError("schemes:errors.schemeNotOpen", 409);
  if (proposal.status !== "screening") {
    if (["eligible", "ineligible", "merged", "selected", "not_selected"].includes(proposal.status))
      throw new DomainError("schemes:screening.errors.alreadyScreened", 409);
    throw new DomainError("schemes:screening.errors.notInScreening", 409);
  }
  const transition = proposalTransition(proposal.status, events[decision], "official");
  if (!transition.ok) throw new DomainError(transition.reason, 409);

  const trimmedNote = note?.trim() || null;
  const trimmedCostNote = costNote?.trim() || null;
  const trimmedResponse = response?.trim() || null;
  if (decision === "ineligible" && (!reason || !trimmedNote))
    throw new DomainError("schemes:screening.errors.reasonRequired", 422);
  if (revisedCostMinor != null) {
    if (!Number.isSafeInteger(revisedCostMinor) || revisedCostMinor <= 0)
      throw new DomainError("schemes:form.errors.amountPositive", 422);
    if (!trimmedCostNote) throw new DomainError("schemes:screening.errors.costNoteRequired", 422);
  }

  let mergeTarget: { id: string; title: string } | null = null;
  if (decision === "merge") {
    if (!mergeIntoId) throw new DomainError("schemes:screening.errors.mergeTargetRequired", 422);
    if (mergeIntoId === proposalId) throw new DomainError("schemes:screening.errors.mergeIntoSelf", 422);
    const target = await getProposalForScreening(mergeIntoId);
    if (!target) throw new DomainError("schemes:screening.errors.mergeTargetNotFound", 404);
    if (target.proposal.schemeId !== proposal.schemeId)
      throw new DomainError("schemes:screening.errors.mergeOtherScheme", 422);
    if (!["screening", "eligible"].includes(target.proposal.status))
      throw new DomainError("schemes:screening.errors.mergeTargetClosed", 409);
    mergeTarget = { id: target.proposal.id, title: target.proposal.title };
  }

  const cost = revisedCostMinor ?? proposal.revisedCostMinor ?? proposal.estimatedCostMinor;
  if (decision === "eligible") {
    const typeCap = scheme[capKey[proposal.type]];
    const cap = typeCap === null ? scheme.budgetMinor : Math.min(typeCap, scheme.budgetMinor);
    if (cost > cap)
      throw new DomainError("schemes:screening.errors.overCap", 422, { cap: formatFen(cap, "zh-CN") });
  }

  const to = transition.to;
  const screeningReason: ScreeningReason | null =
    decision === "ineligible" ? reason! : decision === "merge" ? "duplicate" : null;

  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(proposals)
      .set({
        status: to,
        screeningReason,
        mergedIntoId: mergeTarget?.id ?? null,
        updatedAt: now,
        ...(revisedCostMinor != null ? { revisedCostMinor, costNote: trimmedCostNote } : {}),
        ...(trimmedResponse
          ? { officialResponse: trimmedResponse, respondedBy: actor.id, respondedAt: now }
          : {}),
      })
      .where(and(eq(proposals.id, proposalId), eq(proposals.status, "screening")))
      .returning({ id: proposals.id });
    if (!row) throw new DomainError("schemes:screening.errors.alreadyScreened", 409);

    const areaId = proposal.gridId ?? proposal.communityId;
    const subject = { subjectType: "proposal", subjectId: proposalId, areaId };
    if (revisedCostMinor != null) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "proposal.cost_revised",
        ...subject,
        before: {
          estimatedCostMinor: proposal.estimatedCostMinor,
          revisedCostMinor: proposal.revisedCostMinor,
        },
        after: { revisedCostMinor },
        reason: trimmedCostNote,
        meta,
      });
      await recordTimeline(tx, {
        subjectType: "proposal",
        subjectId: proposalId,
        kind: "schemes:timeline.costRevised",
        actorUserId: actor.id,
        official: true,
        note: trimmedCostNote,
        params: { cost: formatFen(revisedCostMinor, "zh-CN") },
        at: now,
      });
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "proposal.screened",
      ...subject,
      before: { status: "screening" },
      after: { status: to, screeningReason, mergedIntoId: mergeTarget?.id ?? null },
      reason: trimmedNote,
      meta,
    });
    const timelineBase = {
      subjectType: "proposal" as const,
      subjectId: proposalId,
      fromStatus: "screening",
      toStatus: to,
      actorUserId: actor.id,
      official: true,
      note: trimmedNote,
      at: now,
    };
    if (decision === "eligible")
      await recordTimeline(tx, { ...timelineBase, kind: "schemes:timeline.screenedEligible" });
    else if (decision === "ineligible")
      await recordTimeline(tx, {
        ...timelineBase,
        kind: "schemes:timeline.screenedIneligible",
        params: { reason: reason! },
      });
    else
      await recordTimeline(tx, {
        ...timelineBase,
        kind: "schemes:timeline.screenedMerged",
        params: { title: mergeTarget!.title, id: mergeTarget!.id },
      });
    if (trimmedResponse) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: "proposal.responded",
        ...subject,
        before: { officialResponse: proposal.officialResponse },
        after: { officialResponse: trimmedResponse },
        meta,
      });
      await recordTimeline(tx, {
        subjectType: "proposal",
        subjectId: proposalId,
        kind: "schemes:timeline.responded",
        actorUserId: actor.id,
        official: true,
        note: trimmedResponse,
        at: now,
      });
    }
    await recordParticipation(tx, {
      kind: "decision.made",
      actor: { id: actor.id, pseudonymSeed: actor.pseudonymSeed },
      areaId,
      subjectType: "proposal",
      subjectId: proposalId,
      meta: { decision: to },
    });
  });

  await notifyFollowers({
    subjectType: "proposal",
    subjectId: proposalId,
    kind: "schemes:notifications.screened",
    href: `/proposals/${proposalId}`,
    params: { title: proposal.title },
    exceptUserId: actor.id,
  });
  return { id: proposalId, status: to };
}
