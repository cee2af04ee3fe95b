import { asc, eq } from "drizzle-orm";
import { follows, notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { isoDates } from "~/lib/json-dates";

/** What the person follows and the notifications addressed to them, for "Download my data". */
export async function personalData(userId: string) {
  const followed = await db
    .select({ subjectType: follows.subjectType, subjectId: follows.subjectId, createdAt: follows.createdAt })
    .from(follows)
    .where(eq(follows.userId, userId))
    .orderBy(asc(follows.createdAt));

  const received = await db
    .select({
      kind: notifications.kind,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      href: notifications.href,
      params: notifications.params,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(asc(notifications.createdAt));

  return { follows: followed.map(isoDates), notifications: received.map(isoDates) };
}
