import { asc, eq } from "drizzle-orm";
import { matterMeToos, matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/**
 * The person's own neighbourhood-matter data for "Download my data": the matters they raised (with the
 * committee's answer to them and their rating of it) and their "me too"s. Who acknowledged or answered,
 * and the handler's name, are left out: they are about someone else.
 */
export async function personalData(userId: string) {
  const raised = await db
    .select({
      id: matters.id,
      title: matters.title,
      description: matters.description,
      category: matters.category,
      address: matters.address,
      status: matters.status,
      createdAt: matters.createdAt,
      responseDueAt: matters.responseDueAt,
      acknowledgedAt: matters.acknowledgedAt,
      respondedAt: matters.respondedAt,
      responseKind: matters.responseKind,
      responseText: matters.responseText,
      referredDepartment: matters.referredDepartment,
      consultationId: matters.consultationId,
      proposalId: matters.proposalId,
      responseRating: matters.rating,
      ratedAt: matters.ratedAt,
    })
    .from(matters)
    .where(eq(matters.authorId, userId))
    .orderBy(asc(matters.createdAt));

  const meToos = await db
    .select({ matterId: matterMeToos.matterId, title: matters.title, createdAt: matterMeToos.createdAt })
    .from(matterMeToos)
    .innerJoin(matters, eq(matters.id, matterMeToos.matterId))
    .where(eq(matterMeToos.userId, userId))
    .orderBy(asc(matterMeToos.createdAt));

  return { raised: raised.map(isoDates), meToos: meToos.map(isoDates) };
}
