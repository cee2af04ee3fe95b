import { and, eq, ne } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { livelihoodProjects, livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { follows } from "~db/schema/notifications";
import { consultations, outcomes } from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import type { FollowableType } from "./followable-types";

/** Follows a subject; following twice (or in two requests at once) leaves one row. */
export async function follow(tx: Queryable, userId: string, subjectType: string, subjectId: string) {
  await tx.insert(follows).values({ userId, subjectType, subjectId }).onConflictDoNothing();
}

export async function unfollow(tx: Queryable, userId: string, subjectType: string, subjectId: string) {
  await tx
    .delete(follows)
    .where(
      and(eq(follows.userId, userId), eq(follows.subjectType, subjectType), eq(follows.subjectId, subjectId)),
    );
}

export async function isFollowing(userId: string, subjectType: string, subjectId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: follows.userId })
    .from(follows)
    .where(
      and(eq(follows.userId, userId), eq(follows.subjectType, subjectType), eq(follows.subjectId, subjectId)),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Whether a followable subject exists and is public (an id posted in a form is never trusted): a
 * published proposal, a published scheme, a project in delivery.
 */
export async function followableSubjectExists(
  subjectType: FollowableType,
  subjectId: string,
): Promise<boolean> {
  switch (subjectType) {
    case "proposal": {
      const [row] = await db
        .select({ id: proposals.id })
        .from(proposals)
        .where(and(eq(proposals.id, subjectId), ne(proposals.status, "draft")))
        .limit(1);
      return Boolean(row);
    }
    case "scheme": {
      const [row] = await db
        .select({ id: livelihoodSchemes.id })
        .from(livelihoodSchemes)
        .where(and(eq(livelihoodSchemes.id, subjectId), ne(livelihoodSchemes.status, "draft")))
        .limit(1);
      return Boolean(row);
    }
    case "project": {
      const [row] = await db
        .select({ id: livelihoodProjects.id })
        .from(livelihoodProjects)
        .where(eq(livelihoodProjects.id, subjectId))
        .limit(1);
      return Boolean(row);
    }
    case "matter": {
      const [row] = await db
        .select({ id: matters.id })
        .from(matters)
        .where(eq(matters.id, subjectId))
        .limit(1);
      return Boolean(row);
    }
    case "consultation": {
      const [row] = await db
        .select({ id: consultations.id })
        .from(consultations)
        .where(and(eq(consultations.id, subjectId), ne(consultations.status, "draft")))
        .limit(1);
      return Boolean(row);
    }
    case "outcome": {
      const [row] = await db
        .select({ id: outcomes.id })
        .from(outcomes)
        .where(eq(outcomes.id, subjectId))
        .limit(1);
      return Boolean(row);
    }
  }
}

/** What the follow form does: follow or unfollow a public subject, refusing forged ids. */
export async function setFollowing({
  userId,
  subjectType,
  subjectId,
  following,
}: {
  userId: string;
  subjectType: FollowableType;
  subjectId: string;
  following: boolean;
}): Promise<boolean> {
  if (!following) {
    await unfollow(db, userId, subjectType, subjectId);
    return true;
  }
  if (!(await followableSubjectExists(subjectType, subjectId))) return false;
  await follow(db, userId, subjectType, subjectId);
  return true;
}
