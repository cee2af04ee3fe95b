import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { follows, notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";

export interface NotifyFollowersInput {
  subjectType: string;
  subjectId: string;
  /** A full catalogue key ("schemes:notifications.screened"), rendered with `params` in the reader's language. */
  kind: string;
  /** A path inside the app. */
  href: string;
  params?: Record<string, string | number>;
  /** The person who acted: they know already. */
  exceptUserId?: string;
}

/**
 * Tells everyone following a subject, in one INSERT … SELECT (a proposal can have thousands of
 * followers). Call it AFTER the change has committed, never inside its transaction: a notification must
 * not announce a change that rolled back. Delivery is best effort: a failure here is logged and does
 * not undo or fail the change that already happened. Returns how many were notified.
 */
export async function notifyFollowers({
  subjectType,
  subjectId,
  kind,
  href,
  params = {},
  exceptUserId,
}: NotifyFollowersInput): Promise<number> {
  try {
    const conditions = [
      eq(follows.subjectType, subjectType),
      eq(follows.subjectId, subjectId),
      isNull(users.deletedAt),
    ];
    if (exceptUserId) conditions.push(ne(follows.userId, exceptUserId));
    const inserted = await db
      .insert(notifications)
      .select(
        db
          .select({
            id: sql<string>`gen_random_uuid()`.as("id"),
            userId: follows.userId,
            kind: sql<string>`${kind}::text`.as("kind"),
            subjectType: follows.subjectType,
            subjectId: follows.subjectId,
            href: sql<string>`${href}::text`.as("href"),
            params: sql<Record<string, string | number>>`${JSON.stringify(params)}::jsonb`.as("params"),
            createdAt: sql<Date>`now()`.as("created_at"),
            readAt: sql<Date | null>`null::timestamptz`.as("read_at"),
          })
          .from(follows)
          .innerJoin(users, eq(users.id, follows.userId))
          .where(and(...conditions)),
      )
      .returning({ id: notifications.id });
    return inserted.length;
  } catch (error) {
    console.error("Kapok: notifying followers failed", { subjectType, subjectId, kind }, error);
    return 0;
  }
}

/** Tells one person (e.g. the author of a proposal that was screened). Best effort, after commit. */
export async function notifyUser({
  userId,
  subjectType,
  subjectId,
  kind,
  href,
  params = {},
}: {
  userId: string;
  subjectType: string;
  subjectId: string;
  kind: string;
  href: string;
  params?: Record<string, string | number>;
}): Promise<void> {
  try {
    await db.insert(notifications).values({ userId, subjectType, subjectId, kind, href, params });
  } catch (error) {
    console.error("Kapok: notifying a person failed", { subjectType, subjectId, kind }, error);
  }
}
