import { and, eq, isNull, isNotNull } from "drizzle-orm";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { getMatter } from "./matter-queries.server";
import { canRate, ratingEventValue, type MatterRating } from "./matter-status";

const ratedTimelineKind = {
  satisfied: "matters:timeline.ratedSatisfied",
  basically_satisfied: "matters:timeline.ratedBasically",
  dissatisfied: "matters:timeline.ratedDissatisfied",
} as const satisfies Record<MatterRating, string>;

/**
 * The resident who raised the matter rates the response (满意 / 基本满意 / 不满意), once: the UPDATE only
 * matches while no rating is set, so a double submission keeps the first.
 */
export async function rateResponse({
  actor,
  matterId,
  rating,
  now = new Date(),
}: {
  actor: { id: string; pseudonymSeed: string | null };
  matterId: string;
  rating: MatterRating;
  now?: Date;
}) {
  const matter = await getMatter(matterId);
  if (!matter) throw new DomainError("matters:errors.matterNotFound", 404);
  const check = canRate(matter, matter.authorId === actor.id ? "author" : "resident");
  if (!check.ok)
    throw new DomainError(check.reason, check.reason === "matters:errors.onlyAuthorRates" ? 403 : 409);

  await db.transaction(async (tx) => {
    const [rated] = await tx
      .update(matters)
      .set({ rating, ratedAt: now })
      .where(and(eq(matters.id, matter.id), isNull(matters.rating), isNotNull(matters.respondedAt)))
      .returning({ id: matters.id });
    if (!rated) throw new DomainError("matters:errors.alreadyRated", 409);
    await recordParticipation(tx, {
      kind: "matter.rated",
      actor,
      areaId: matter.gridId ?? matter.communityId,
      subjectType: "matter",
      subjectId: matter.id,
      meta: { rating: ratingEventValue[rating] },
    });
    await recordTimeline(tx, {
      subjectType: "matter",
      subjectId: matter.id,
      kind: ratedTimelineKind[rating],
      at: now,
    });
  });
  return { rating };
}
