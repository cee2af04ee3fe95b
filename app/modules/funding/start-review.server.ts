import { and, asc, eq, inArray } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { fundingApplications, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { callPhase } from "./call-phase";
import { canManageCall } from "./permissions";
import { recordDraw } from "./review-draw.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StartReviewResult = {
  draws: { applicationId: string; drawn: string[]; poolSize: number; wanted: number }[];
  /** Applications that got fewer reviewers than the call asks for (the pool was too small). */
  short: string[];
};

/**
 * The official starts the review once the call has closed and every application is screened: the call
 * moves to in_review and each eligible application gets its reviewers drawn, each draw recorded with its
 * seed. The call row is locked, so two officials pressing the button at once start it once.
 */
export async function startReview({
  actor,
  actorRoles,
  callId,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  callId: string;
  meta?: RequestMeta;
  now?: Date;
}): Promise<StartReviewResult> {
  if (!uuidPattern.test(callId)) throw new DomainError("reviews:errors.callNotFound", 404);
  const result = await db.transaction(async (tx) => {
    const [call] = await tx
      .select({
        id: fundingCalls.id,
        title: fundingCalls.title,
        status: fundingCalls.status,
        publishAt: fundingCalls.publishAt,
        opensAt: fundingCalls.opensAt,
        closesAt: fundingCalls.closesAt,
        publishedAt: fundingCalls.publishedAt,
        areaId: fundingCalls.areaId,
        reviewersPerApplication: fundingCalls.reviewersPerApplication,
      })
      .from(fundingCalls)
      .where(eq(fundingCalls.id, callId))
      .for("update");
    if (!call) throw new DomainError("reviews:errors.callNotFound", 404);
    const [area] = await tx.select({ path: areas.path }).from(areas).where(eq(areas.id, call.areaId));
    const permission = canManageCall(actorRoles, area!.path);
    if (!permission.allowed) throw new DomainError(permission.reason, 403);
    const phase = callPhase(call, now);
    if (phase === "in_review") throw new DomainError("reviews:errors.reviewAlreadyStarted", 409);
    if (phase !== "closed") throw new DomainError("reviews:errors.callNotClosed", 409);

    const apps = await tx
      .select({
        id: fundingApplications.id,
        organisationId: fundingApplications.organisationId,
        status: fundingApplications.status,
      })
      .from(fundingApplications)
      .where(
        and(
          eq(fundingApplications.callId, call.id),
          inArray(fundingApplications.status, ["submitted", "returned", "eligible"]),
        ),
      )
      .orderBy(asc(fundingApplications.id));
    const unscreened = apps.filter((a) => a.status !== "eligible").length;
    if (unscreened > 0) throw new DomainError("reviews:errors.notAllScreened", 409, { count: unscreened });
    if (apps.length === 0) throw new DomainError("reviews:errors.nothingToReview", 409);

    await tx
      .update(fundingCalls)
      .set({ status: "in_review", reviewStartedAt: now })
      .where(eq(fundingCalls.id, call.id));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "call.review_started",
      subjectType: "funding_call",
      subjectId: call.id,
      areaId: call.areaId,
      before: { status: call.status },
      after: { status: "in_review", applications: apps.length },
      meta,
    });
    const draws: StartReviewResult["draws"] = [];
    for (const app of apps) {
      const d = await recordDraw(tx, {
        application: app,
        callAreaPath: area!.path,
        callAreaId: call.areaId,
        n: call.reviewersPerApplication,
        reason: "initial",
        actorId: actor.id,
        meta,
        now,
      });
      draws.push({
        applicationId: app.id,
        drawn: d.drawn,
        poolSize: d.poolSize,
        wanted: call.reviewersPerApplication,
      });
    }
    return { call, draws };
  });
  await notifyDrawn(result.call.id, result.call.title, result.draws);
  return {
    draws: result.draws,
    short: result.draws.filter((d) => d.drawn.length < d.wanted).map((d) => d.applicationId),
  };
}

/** Tells each drawn reviewer (best effort, after commit); the link opens their workspace. */
export async function notifyDrawn(
  callId: string,
  callTitle: string,
  draws: { applicationId: string; drawn: string[] }[],
) {
  const reviewers = new Set(draws.flatMap((d) => d.drawn));
  for (const userId of reviewers)
    await notifyUser({
      userId,
      subjectType: "funding_call",
      subjectId: callId,
      kind: "reviews:notifications.drawn",
      href: "/reviews",
      params: { call: callTitle },
    });
}
