import { and, eq, inArray } from "drizzle-orm";
import { fundingApplications, fundingCalls } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { shanghaiTime } from "./application-errors";
import { loadApplicationForOrg } from "./application-queries.server";
import type { OrgScopedRole } from "./permissions";

/** The organisation withdraws a draft or submitted application, before the call closes (server clock). */
export async function withdrawApplication({
  actorRoles,
  applicationId,
  now,
}: {
  actor: { id: string };
  actorRoles: readonly OrgScopedRole[];
  applicationId: string;
  now?: Date;
}) {
  const app = await loadApplicationForOrg(applicationId, actorRoles);
  if (!app) throw new DomainError("applications:errors.notFound", 404);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: fundingApplications.status })
      .from(fundingApplications)
      .where(eq(fundingApplications.id, app.id))
      .for("update");
    const [call] = await tx
      .select({ closesAt: fundingCalls.closesAt })
      .from(fundingCalls)
      .where(eq(fundingCalls.id, app.callId));
    if (!row || !call) throw new DomainError("applications:errors.notFound", 404);
    const at = now ?? new Date();
    if (row.status !== "draft" && row.status !== "submitted")
      throw new DomainError("applications:errors.cannotWithdraw", 409);
    if (at.getTime() >= call.closesAt.getTime())
      throw new DomainError("applications:errors.withdrawClosed", 409, {
        closesAt: shanghaiTime(call.closesAt),
      });
    await tx
      .update(fundingApplications)
      .set({ status: "withdrawn", withdrawnAt: at, updatedAt: at })
      .where(
        and(eq(fundingApplications.id, app.id), inArray(fundingApplications.status, ["draft", "submitted"])),
      );
    await recordTimeline(tx, {
      subjectType: "funding_application",
      subjectId: app.id,
      kind: "applications:timeline.withdrawn",
      fromStatus: row.status,
      toStatus: "withdrawn",
      at,
    });
    return { id: app.id };
  });
}
