import { and, eq } from "drizzle-orm";
import { fundingApplications, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { formatFen } from "~/lib/money";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { ApplicationIncompleteError, shanghaiTime } from "./application-errors";
import { loadApplicationForOrg } from "./application-queries.server";
import { missingFieldKeys, missingFields } from "./application-schemas";
import { budgetIssueMessage, budgetIssues } from "./budget-rules";
import { callPhase } from "./call-phase";
import type { OrgScopedRole } from "./permissions";

/**
 * Submits an application by the server clock. A draft may be submitted only while the call is open
 * (opensAt ≤ t < closesAt); an application returned for rework, only before its rework deadline. The
 * application row is locked and the call re-read inside the transaction, and the clock is read after the
 * lock, so a submission racing the close is judged once: accepted ones have submittedAt < closesAt, and
 * two submits at once give one submission (one participation event).
 */
export async function submitApplication({
  actor,
  actorRoles,
  applicationId,
  locale = "zh-CN",
  now,
}: {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly OrgScopedRole[];
  applicationId: string;
  /** For the amounts in refusals. */
  locale?: string;
  /** Tests pin the clock; otherwise it is read inside the transaction. */
  now?: Date;
}) {
  const app = await loadApplicationForOrg(applicationId, actorRoles);
  if (!app) throw new DomainError("applications:errors.notFound", 404);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(fundingApplications)
      .where(eq(fundingApplications.id, app.id))
      .for("update");
    const [call] = await tx.select().from(fundingCalls).where(eq(fundingCalls.id, app.callId));
    if (!row || !call) throw new DomainError("applications:errors.notFound", 404);
    const at = now ?? new Date();
    if (row.status === "draft") {
      const phase = callPhase(call, at);
      if (phase === "scheduled" || phase === "draft")
        throw new DomainError("applications:errors.callNotOpen", 409, {
          opensAt: shanghaiTime(call.opensAt),
        });
      if (phase !== "open")
        throw new DomainError("applications:errors.callClosed", 409, {
          closesAt: shanghaiTime(call.closesAt),
        });
    } else if (row.status === "returned") {
      if (!row.reworkDueAt || at.getTime() >= row.reworkDueAt.getTime())
        throw new DomainError("applications:errors.reworkOver", 409, {
          dueAt: row.reworkDueAt ? shanghaiTime(row.reworkDueAt) : "",
        });
    } else {
      throw new DomainError("applications:errors.alreadySubmitted", 409);
    }

    const messages = [
      ...missingFields({ ...row }).map((f) => missingFieldKeys[f]),
      ...budgetIssues(
        { lines: row.budgetLines, requestedMinor: row.requestedMinor, selfRaisedMinor: row.selfRaisedMinor },
        call,
      ).map((issue) => budgetIssueMessage(issue, (fen) => formatFen(fen, locale))),
    ];
    // "Required" and "request missing" say the same thing twice; keep the budget rule's wording once.
    const unique = [...new Set(messages)].filter(
      (m) =>
        !(m === missingFieldKeys.requested && messages.includes("applications:errors.requestMissing")) &&
        !(m === missingFieldKeys.budget && messages.includes("applications:errors.budgetEmpty")),
    );
    if (unique.length > 0) throw new ApplicationIncompleteError(unique);

    const resubmission = row.status === "returned";
    const [moved] = await tx
      .update(fundingApplications)
      .set(
        resubmission
          ? { status: "submitted", resubmittedAt: at, updatedAt: at }
          : { status: "submitted", submittedAt: at, updatedAt: at },
      )
      .where(and(eq(fundingApplications.id, row.id), eq(fundingApplications.status, row.status)))
      .returning({ id: fundingApplications.id });
    if (!moved) throw new DomainError("applications:errors.alreadySubmitted", 409);
    await recordParticipation(tx, {
      kind: "application.submitted",
      actor,
      areaId: app.organisationAreaId,
      subjectType: "funding_application",
      subjectId: row.id,
      meta: { callKind: call.kind, resubmission },
    });
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: row.id,
      kind: resubmission ? "applications:timeline.resubmitted" : "applications:timeline.submitted",
      fromStatus: row.status,
      toStatus: "submitted",
      at,
    });
    return { id: row.id, submittedAt: at, resubmission };
  });
}
