import { and, eq, inArray, notInArray } from "drizzle-orm";
import { fundingAwards, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { findManagedCall } from "./award-queries.server";
import { checkAwardChoice, deviatesFromGreedy, proposeGreedy, type AwardChoice } from "./award-rules";
import { rankCall } from "./ranking.server";

export const deviationNoteMax = 2000;

export interface ProposeAwardsInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  awards: AwardChoice[];
  deviationNote?: string | null;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The official proposes the awards of a call in review, from a complete ranking. The proposal replaces
 * any earlier one (awards left out are withdrawn); the budget, cap, request and eligibility rules hold
 * whatever is chosen, and a choice other than greedy-by-score needs a written justification, stored on
 * each award and in the audit entry. The call row is locked so two proposals at once cannot both pass.
 */
export async function proposeAwards({
  actor,
  actorRoles,
  callId,
  awards,
  deviationNote,
  meta,
  now = new Date(),
}: ProposeAwardsInput) {
  const { call } = await findManagedCall(callId, actorRoles);
  const note = deviationNote?.trim() || null;
  if (note && note.length > deviationNoteMax)
    throw new DomainError("errors:tooLong", 422, { max: deviationNoteMax });
  if (awards.length === 0) throw new DomainError("awards:errors.noneChosen", 422);

  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: fundingCalls.status })
      .from(fundingCalls)
      .where(eq(fundingCalls.id, call.id))
      .for("update");
    if (locked?.status !== "in_review") throw new DomainError("awards:errors.notInReview", 409);
    const ranked = await rankCall(call.id, tx);
    if (ranked.length === 0 || ranked.some((r) => !r.complete))
      throw new DomainError("awards:errors.rankingIncomplete", 409);
    const broken = checkAwardChoice(awards, ranked, call.budgetMinor, call.perProjectCapMinor);
    if (broken) throw new DomainError(broken.code, 422, broken.params);
    const greedy = proposeGreedy(ranked, call.budgetMinor, call.perProjectCapMinor);
    const deviates = deviatesFromGreedy(awards, greedy.awards);
    if (deviates && !note) throw new DomainError("awards:errors.justificationRequired", 422);

    const chosenIds = awards.map((a) => a.applicationId);
    const before = await tx
      .select({ applicationId: fundingAwards.applicationId, amountMinor: fundingAwards.amountMinor })
      .from(fundingAwards)
      .where(and(eq(fundingAwards.callId, call.id), eq(fundingAwards.status, "proposed")));
    await tx
      .update(fundingAwards)
      .set({ status: "withdrawn" })
      .where(
        and(
          eq(fundingAwards.callId, call.id),
          eq(fundingAwards.status, "proposed"),
          notInArray(fundingAwards.applicationId, chosenIds),
        ),
      );
    const byId = new Map(ranked.map((r) => [r.applicationId, r]));
    for (const a of awards) {
      const r = byId.get(a.applicationId)!;
      const values = {
        amountMinor: a.amountMinor,
        rank: r.rank,
        totalScore: r.totalScore.toFixed(2),
        deviationNote: deviates ? note : null,
        status: "proposed" as const,
        proposedBy: actor.id,
        proposedAt: now,
      };
      // An application withdrawn from an earlier proposal keeps its one award row (unique), re-proposed.
      await tx
        .insert(fundingAwards)
        .values({ callId: call.id, applicationId: a.applicationId, ...values })
        .onConflictDoUpdate({ target: fundingAwards.applicationId, set: values });
    }
    const spendMinor = awards.reduce((s, a) => s + a.amountMinor, 0);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "award.proposed",
      subjectType: "funding_call",
      subjectId: call.id,
      areaId: call.areaId,
      before: { awards: before },
      after: {
        awards: awards.map((a) => ({ ...a, rank: byId.get(a.applicationId)!.rank })),
        spendMinor,
        budgetMinor: call.budgetMinor,
        greedy: greedy.awards,
        deviates,
      },
      reason: deviates ? note : null,
      meta,
    });
    return { deviates, spendMinor, ids: await proposedIds(tx, call.id, chosenIds) };
  });
}

async function proposedIds(
  tx: Parameters<Parameters<typeof db.transaction>[0]>[0],
  callId: string,
  appIds: string[],
) {
  const rows = await tx
    .select({ id: fundingAwards.id })
    .from(fundingAwards)
    .where(and(eq(fundingAwards.callId, callId), inArray(fundingAwards.applicationId, appIds)));
  return rows.map((r) => r.id);
}
