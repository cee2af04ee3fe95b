// The funding feature's one documented, one-way link to livelihood projects ("buy the service residents
// voted for"): when an award is confirmed the organisation becomes the project's implementing party, and
// its accepted reports appear on the project's public timeline. It writes the livelihood tables through
// db/schema and the timeline core, inside the funding use-case's transaction; it imports no livelihood
// module, and the livelihood feature knows nothing of funding.
import { eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { fundingCallProjects } from "~db/schema/funding";
import { livelihoodProjects } from "~db/schema/livelihood";
import { recordTimeline } from "~/modules/timeline/timeline.server";

/** The project an award delivers: the application's own, else the call's only linked project. */
export async function deliveredProjectId(
  tx: Tx,
  callId: string,
  applicationProjectId: string | null,
): Promise<string | null> {
  if (applicationProjectId) return applicationProjectId;
  const linked = await tx
    .select({ projectId: fundingCallProjects.projectId })
    .from(fundingCallProjects)
    .where(eq(fundingCallProjects.callId, callId));
  return linked.length === 1 ? linked[0]!.projectId : null;
}

/** On a confirmed award: the organisation becomes the project's responsible party (public timeline too). */
export async function linkAwardToProject(
  tx: Tx,
  input: {
    projectId: string;
    organisation: { id: string; name: string };
    callId: string;
    callTitle: string;
    actorUserId: string;
    now: Date;
  },
) {
  const [project] = await tx
    .update(livelihoodProjects)
    .set({
      responsibleKind: "organisation",
      responsibleOrganisationId: input.organisation.id,
      responsibleName: input.organisation.name,
    })
    .where(eq(livelihoodProjects.id, input.projectId))
    .returning({ id: livelihoodProjects.id });
  if (!project) return false;
  await recordTimeline(tx, {
    subjectType: "project",
    subjectId: input.projectId,
    kind: "awards:timeline.deliveredBy",
    actorUserId: input.actorUserId,
    official: true,
    params: { organisation: input.organisation.name, call: input.callTitle },
    at: input.now,
  });
  return true;
}

/** On an accepted report: a line on the project's public timeline, pointing to the agreement's summary. */
export async function postAcceptedReportToProject(
  tx: Tx,
  input: {
    projectId: string;
    organisationName: string;
    milestone: "midterm" | "final";
    actorUserId: string;
    now: Date;
  },
) {
  await recordTimeline(tx, {
    subjectType: "project",
    subjectId: input.projectId,
    kind: input.milestone === "midterm" ? "awards:timeline.midtermAccepted" : "awards:timeline.finalAccepted",
    actorUserId: input.actorUserId,
    official: true,
    params: { organisation: input.organisationName },
    at: input.now,
  });
}
