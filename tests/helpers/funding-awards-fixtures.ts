import { eq } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import {
  fundingApplications,
  fundingAwards,
  fundingCallProjects,
  fundingCalls,
  fundingReviewAssignments,
  fundingReviewDraws,
  fundingScores,
} from "~db/schema/funding";
import { livelihoodProjects } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisationWithAdmin,
  makePersonWithRole,
} from "./funding-fixtures";
import { makeProposal, makeScheme } from "./livelihood-fixtures";

/**
 * Awards fixtures: a call in review whose applications are eligible and scored by one submitted review
 * each (every criterion scored `score` of 10, so the total is score × 10), the officials around it, and
 * a livelihood project to link. The award and delivery acts themselves go through the real use-cases.
 */

export type Actor = {
  id: string;
  pseudonymSeed: string | null;
  roles: Awaited<ReturnType<typeof listActiveRoles>>;
};

export async function actorFor(person: {
  userId: string;
  user: { pseudonymSeed: string | null };
}): Promise<Actor> {
  return {
    id: person.userId,
    pseudonymSeed: person.user.pseudonymSeed,
    roles: await listActiveRoles(person.userId),
  };
}

export async function makeOfficial(
  role: "street_official" | "district_official" | "city_official",
  areaId: number,
  name = "测试干部",
) {
  return actorFor(await makePersonWithRole(role, areaId, null, name));
}

/** One submitted review for the application, every criterion scored `score`. */
export async function scoreApplication(
  applicationId: string,
  criteria: { id: string }[],
  score: number,
  reviewerName = "评审专家甲",
) {
  const reviewer = await makePersonWithRole(
    "expert_reviewer",
    (await callAreaOf(applicationId))!,
    null,
    reviewerName,
  );
  const [draw] = await db
    .insert(fundingReviewDraws)
    .values({
      applicationId,
      reason: "initial",
      seed: "seed",
      pool: [reviewer.userId],
      drawn: [reviewer.userId],
    })
    .returning();
  const [assignment] = await db
    .insert(fundingReviewAssignments)
    .values({
      applicationId,
      reviewerId: reviewer.userId,
      drawId: draw!.id,
      status: "submitted",
      declaredAt: new Date(),
      recommendation: "fund",
      comment: `comment by ${reviewerName}`,
      submittedAt: new Date(),
    })
    .returning();
  await db.insert(fundingScores).values(
    criteria.map((c) => ({
      assignmentId: assignment!.id,
      criterionId: c.id,
      score,
      comment: `score by ${reviewerName}`,
    })),
  );
  return reviewer;
}

async function callAreaOf(applicationId: string) {
  const [row] = await db
    .select({ areaId: fundingCalls.areaId })
    .from(fundingApplications)
    .innerJoin(fundingCalls, eq(fundingCalls.id, fundingApplications.callId))
    .where(eq(fundingApplications.id, applicationId));
  return row?.areaId;
}

/**
 * A district call in review. `apps` gives each application's request (yuan) and score (0–10); a score of
 * null leaves it without a review (incomplete ranking). Budget and cap in yuan.
 */
export async function makeReviewedCall(options: {
  budget: number;
  cap: number;
  apps: { request: number; score: number | null }[];
  level?: "district" | "city";
}) {
  const areas = await makeFundingAreas();
  const areaId = options.level === "city" ? areas.city.id : areas.district.id;
  const { call, criteria } = await makeCall(areaId, {
    phase: "closed",
    budgetMinor: options.budget * 100,
    perProjectCapMinor: options.cap * 100,
    reviewersPerApplication: 1,
    maxGrantSharePercent: 100,
  });
  await db
    .update(fundingCalls)
    .set({ status: "in_review", reviewStartedAt: new Date() })
    .where(eq(fundingCalls.id, call.id));
  const orgs = [];
  const applications = [];
  for (const [i, a] of options.apps.entries()) {
    const { org, admin } = await makeOrganisationWithAdmin(areas.district.id, {
      name: `机构${i + 1}-${call.id.slice(0, 6)}`,
    });
    const app = await makeApplication(call.id, org.id, {
      status: "eligible",
      requestedMinor: a.request * 100,
    });
    if (a.score !== null) await scoreApplication(app.id, criteria, a.score, `评审专家${i + 1}`);
    orgs.push({ org, admin: await actorFor(admin) });
    applications.push(app);
  }
  const official = await makeOfficial(
    options.level === "city" ? "city_official" : "district_official",
    areaId,
    "区民政干部",
  );
  const streetOfficial = await makeOfficial("street_official", areas.street.id, "街道干部");
  return { areas, call, criteria, orgs, applications, official, streetOfficial };
}

/** An implementing livelihood project (scheme, proposal, project) linked to the call. */
export async function linkProjectToCall(callId: string, streetId: number, communityId: number) {
  const scheme = await makeScheme(streetId, {});
  const author = await makePersonWithRole("street_official", streetId, null, "提案人");
  const proposal = await makeProposal(scheme, { id: author.userId }, communityId, { status: "selected" });
  const [project] = await db
    .insert(livelihoodProjects)
    .values({ proposalId: proposal.id, schemeId: scheme.id, areaId: communityId })
    .returning();
  await db.insert(fundingCallProjects).values({ callId, projectId: project!.id });
  return project!;
}

/** Every reviewer's id and name (exports must contain neither). */
export async function reviewerIdentities() {
  return db
    .select({ id: users.id, name: users.displayName })
    .from(fundingReviewAssignments)
    .innerJoin(users, eq(users.id, fundingReviewAssignments.reviewerId));
}

/** The call's awards (any status). */
export async function awardsOf(callId: string) {
  return db.select().from(fundingAwards).where(eq(fundingAwards.callId, callId));
}
