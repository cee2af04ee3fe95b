import { and, eq, gte } from "drizzle-orm";
import type { Tx } from "~db/client";
import { fundingAgreements, fundingDisbursements, fundingTranches } from "~db/schema/funding";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import type { TrancheMilestone } from "./agreement-rules";

/**
 * Releases the tranche tied to `milestone`, inside the caller's transaction, which has already checked
 * the milestone is met: the tranche moves pending → released by a conditional UPDATE (so it is released
 * once), one ledger row is appended, and the release is audited. Returns null when nothing was pending.
 */
export async function releaseTranche(
  tx: Tx,
  input: {
    agreementId: string;
    milestone: TrancheMilestone;
    actorUserId: string;
    areaId: number;
    now: Date;
    meta?: RequestMeta;
  },
) {
  const [tranche] = await tx
    .update(fundingTranches)
    .set({ status: "released" })
    .where(
      and(
        eq(fundingTranches.agreementId, input.agreementId),
        eq(fundingTranches.milestone, input.milestone),
        eq(fundingTranches.status, "pending"),
      ),
    )
    .returning({ id: fundingTranches.id, amountMinor: fundingTranches.amountMinor });
  if (!tranche) return null;
  await tx.insert(fundingDisbursements).values({
    trancheId: tranche.id,
    amountMinor: tranche.amountMinor,
    releasedAt: input.now,
    releasedBy: input.actorUserId,
  });
  await recordAudit(tx, {
    actorUserId: input.actorUserId,
    action: "tranche.released",
    subjectType: "funding_tranche",
    subjectId: tranche.id,
    areaId: input.areaId,
    before: { status: "pending" },
    after: {
      status: "released",
      agreementId: input.agreementId,
      milestone: input.milestone,
      amountMinor: tranche.amountMinor,
    },
    meta: input.meta,
  });
  return tranche;
}

/** A failed evaluation: the milestone's tranche and every later pending one are stopped, and the agreement. */
export async function stopTranchesFrom(tx: Tx, input: { agreementId: string; position: number; now: Date }) {
  const stopped = await tx
    .update(fundingTranches)
    .set({ status: "stopped" })
    .where(
      and(
        eq(fundingTranches.agreementId, input.agreementId),
        eq(fundingTranches.status, "pending"),
        gte(fundingTranches.position, input.position),
      ),
    )
    .returning({ id: fundingTranches.id, milestone: fundingTranches.milestone });
  await tx
    .update(fundingAgreements)
    .set({ stoppedAt: input.now })
    .where(eq(fundingAgreements.id, input.agreementId));
  return stopped;
}
