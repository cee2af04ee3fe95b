import { eq } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import {
  fundingAgreements,
  fundingAwards,
  fundingCalls,
  fundingReports,
  fundingTranches,
} from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { endOfShanghaiDay, splitTranches, type TrancheMilestone } from "./agreement-rules";
import { isUuid } from "./award-queries.server";
import { canManageCall } from "./permissions";
import { releaseTranche } from "./tranche-release.server";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  isoDate.test(s) &&
  !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface SignAgreementInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  awardId: string;
  startsOn: string;
  endsOn: string;
  percents: Record<TrancheMilestone, number>;
  midtermDueOn: string;
  finalDueOn: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The official signs the agreement of a confirmed award: amount = the award, a period, tranches tied to
 * signing / mid-term / final (percents summing to 100, fen remainder on the last), and the mid-term and
 * final reports due. Signing releases the signing tranche at once. One agreement per award (the award
 * row is locked, and the agreement's award id is unique).
 */
export async function signAgreement({
  actor,
  actorRoles,
  awardId,
  startsOn,
  endsOn,
  percents,
  midtermDueOn,
  finalDueOn,
  meta,
  now = new Date(),
}: SignAgreementInput) {
  if (!isUuid(awardId)) throw new DomainError("awards:errors.awardNotFound", 404);
  const [found] = await db
    .select({ award: fundingAwards, areaPath: areas.path, areaId: fundingCalls.areaId })
    .from(fundingAwards)
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingAwards.callId))
    .innerJoin(areas, eq(areas.id, fundingCalls.areaId))
    .where(eq(fundingAwards.id, awardId));
  if (!found) throw new DomainError("awards:errors.awardNotFound", 404);
  if (!canManageCall(actorRoles, found.areaPath).allowed)
    throw new DomainError("awards:errors.notYourCall", 403);
  if (found.award.status !== "confirmed") throw new DomainError("awards:errors.awardNotConfirmed", 409);
  if (![startsOn, endsOn, midtermDueOn, finalDueOn].every(validDate))
    throw new DomainError("awards:errors.dateInvalid", 422);
  if (endsOn <= startsOn) throw new DomainError("awards:errors.periodInvalid", 422);
  if (midtermDueOn < startsOn || finalDueOn < midtermDueOn)
    throw new DomainError("awards:errors.dueDatesInvalid", 422);
  const tranches = splitTranches(found.award.amountMinor, percents);
  if (!tranches) throw new DomainError("awards:errors.percentsInvalid", 422);

  return db.transaction(async (tx) => {
    await tx
      .select({ id: fundingAwards.id })
      .from(fundingAwards)
      .where(eq(fundingAwards.id, awardId))
      .for("update");
    const [existing] = await tx
      .select({ id: fundingAgreements.id })
      .from(fundingAgreements)
      .where(eq(fundingAgreements.awardId, awardId));
    if (existing) throw new DomainError("awards:errors.alreadySigned", 409);
    const [agreement] = await tx
      .insert(fundingAgreements)
      .values({
        awardId,
        amountMinor: found.award.amountMinor,
        startsOn,
        endsOn,
        signedAt: now,
        signedBy: actor.id,
      })
      .returning();
    await tx.insert(fundingTranches).values(tranches.map((t) => ({ ...t, agreementId: agreement!.id })));
    await tx.insert(fundingReports).values([
      { agreementId: agreement!.id, milestone: "midterm", dueAt: endOfShanghaiDay(midtermDueOn) },
      { agreementId: agreement!.id, milestone: "final", dueAt: endOfShanghaiDay(finalDueOn) },
    ]);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "agreement.signed",
      subjectType: "funding_agreement",
      subjectId: agreement!.id,
      areaId: found.areaId,
      after: {
        awardId,
        amountMinor: found.award.amountMinor,
        startsOn,
        endsOn,
        tranches,
        midtermDueOn,
        finalDueOn,
      },
      meta,
    });
    await releaseTranche(tx, {
      agreementId: agreement!.id,
      milestone: "signing",
      actorUserId: actor.id,
      areaId: found.areaId,
      now,
      meta,
    });
    return { id: agreement!.id };
  });
}
