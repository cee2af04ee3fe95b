import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";

export const notificationsPageSize = 20;

/** How many of the person's notifications are unread (the header badge). */
export async function countUnread(userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** One page of the person's notifications, newest first (page 1 is the newest). */
export async function listNotifications(userId: string, page = 1, pageSize = notificationsPageSize) {
  const safePage = Number.isInteger(page) && page >= 1 ? page : 1;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      href: notifications.href,
      params: notifications.params,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize + 1)
    .offset((safePage - 1) * pageSize);
  return { items: rows.slice(0, pageSize), page: safePage, hasMore: rows.length > pageSize };
}
