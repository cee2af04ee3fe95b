import { and, eq, isNull } from "drizzle-orm";
import { notifications } from "~db/schema/notifications";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";

/**
 * Marks one of the person's own notifications read. Someone else's id (or a forged one) is not found:
 * the person's id is part of the condition, so nobody can touch another's notifications.
 */
export async function markRead(userId: string, notificationId: string, now = new Date()) {
  const [row] = await db
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)))
    .limit(1);
  if (!row) throw new DomainError("deliberation:errors.notificationNotFound", 404);
  if (row.readAt) return;
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.id, notificationId),
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
      ),
    );
}

/** Marks everything the person has read; returns how many changed. */
export async function markAllRead(userId: string, now = new Date()): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
