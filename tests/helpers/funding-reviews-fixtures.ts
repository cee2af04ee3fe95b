import { eq } from "drizzle-orm";
import { fundingCalls, fundingReviewAssignments } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "./funding-fixtures";

/** A person as use-cases take them: `{ id }` plus their active roles. */
export async function actorFor(person: { userId: string }) {
  return { actor: { id: person.userId }, actorRoles: await listActiveRoles(person.userId) };
}

/**
 * A closed call run by a district with `apps` eligible applications from distinct organisations, a
 * district official and a pool of `poolSize` expert reviewers held at the district.
 */
export async function makeReviewWorld(
  options: {
    apps?: number;
    poolSize?: number;
    kind?: "venture" | "purchase";
    reviewersPerApplication?: number;
    aggregation?: "mean" | "trimmed_mean";
    requested?: number[];
  } = {},
) {
  const areas = await makeFundingAreas();
  const official = await makePersonWithRole("district_official", areas.district.id, null, "区民政干部");
  const { call, criteria } = await makeCall(areas.district.id, {
    phase: "closed",
    kind: options.kind ?? "venture",
    reviewersPerApplication: options.reviewersPerApplication ?? 3,
    aggregation: options.aggregation ?? "mean",
    perProjectCapMinor: 100_000_00,
    budgetMinor: 500_000_00,
  });
  const orgs = [];
  const applications = [];
  for (let i = 0; i < (options.apps ?? 2); i++) {
    const o = await makeOrganisationWithAdmin(areas.district.id);
    orgs.push(o);
    applications.push(
      await makeApplication(call.id, o.org.id, {
        status: "eligible",
        requestedMinor: options.requested?.[i] ?? 20_000_00,
      }),
    );
  }
  const reviewers = [];
  for (let i = 0; i < (options.poolSize ?? 6); i++)
    reviewers.push(await makePersonWithRole("expert_reviewer", areas.district.id, null, `评审专家${i + 1}`));
  return { areas, official, call, criteria, orgs, applications, reviewers };
}

export async function assignmentsOf(applicationId: string) {
  return db
    .select()
    .from(fundingReviewAssignments)
    .where(eq(fundingReviewAssignments.applicationId, applicationId));
}

/** Moves the call to a stored status directly (the award and notice steps are another helper's). */
export async function setCallStatus(callId: string, status: "in_review" | "notice" | "awarded") {
  await db.update(fundingCalls).set({ status }).where(eq(fundingCalls.id, callId));
}
