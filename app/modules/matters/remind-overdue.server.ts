import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import { roleAssignments } from "~db/schema/accounts";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { recordTimeline } from "~/modules/timeline/timeline.server";

/**
 * Once a matter's response deadline passes without a response, the community's committee members (and
 * whoever took it on) are reminded and the author is told the committee has been; the public timeline
 * says when it became overdue. Each matter is reminded once: the claim is a conditional update, so two
 * servers sweeping at once remind nobody twice. Returns how many matters were reminded.
 */
export async function remindOverdueMatters(now = new Date()): Promise<number> {
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx
      .update(matters)
      .set({ overdueNotifiedAt: now })
      .where(
        and(
          isNull(matters.overdueNotifiedAt),
          isNull(matters.respondedAt),
          inArray(matters.status, ["raised", "acknowledged"]),
          lt(matters.responseDueAt, now),
        ),
      )
      .returning({
        id: matters.id,
        title: matters.title,
        communityId: matters.communityId,
        authorId: matters.authorId,
        acknowledgedBy: matters.acknowledgedBy,
        responseDueAt: matters.responseDueAt,
      });
    for (const m of rows)
      await recordTimeline(tx, {
        subjectType: "matter",
        subjectId: m.id,
        kind: "matters:timeline.overdue",
        at: m.responseDueAt,
      });
    return rows;
  });

  // After the commit, best effort, like every notification.
  for (const m of claimed) {
    const members = await db
      .select({ userId: roleAssignments.userId })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.areaId, m.communityId),
          eq(roleAssignments.role, "committee_member"),
          isNull(roleAssignments.revokedAt),
        ),
      );
    const staff = new Set(members.map((r) => r.userId));
    if (m.acknowledgedBy) staff.add(m.acknowledgedBy);
    const href = `/matters/${m.id}`;
    for (const userId of staff)
      await notifyUser({
        userId,
        subjectType: "matter",
        subjectId: m.id,
        kind: "matters:notifications.overdue",
        href,
        params: { title: m.title },
      });
    if (m.authorId && !staff.has(m.authorId))
      await notifyUser({
        userId: m.authorId,
        subjectType: "matter",
        subjectId: m.id,
        kind: "matters:notifications.overdueAuthor",
        href,
        params: { title: m.title },
      });
  }
  return claimed.length;
}
