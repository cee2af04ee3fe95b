import { and, eq, isNull } from "drizzle-orm";
import { roleAssignments } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isResidentWithin, type ScopedRole } from "~/modules/accounts/permissions";
import { recordTimeline } from "~/modules/timeline/timeline.server";
import { follow } from "~/modules/notifications/follow.server";
import { notifyUser } from "~/modules/notifications/notify.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { isImage } from "~/modules/uploads/file-type";
import {
  discardUploads,
  insertAttachments,
  prepareUploads,
  writeUploads,
} from "~/modules/uploads/save-attachments.server";
import { defaultStorage, type UploadStorage } from "~/modules/uploads/storage.server";
import { loadCalendarFrom } from "./calendar.server";
import type { MatterCategory } from "./matter-status";
import { responseDaysFor } from "./response-settings.server";
import { addWorkingDays } from "./working-days";

export interface RaiseMatterInput {
  actor: { id: string; pseudonymSeed: string | null };
  actorRoles: readonly ScopedRole[];
  communityCode: string;
  gridCode?: string | null;
  title: string;
  description: string;
  category: MatterCategory;
  address?: string | null;
  /** Photos (JPEG, PNG, WebP; at most 6, 5 MB each), checked by their bytes before anything is stored. */
  photos?: readonly File[];
  storage?: UploadStorage;
  now?: Date;
}

/**
 * A verified resident raises a matter for their community. Its response deadline is fixed now: the
 * area's response days (nearest setting up the tree, default 5) counted in working days from the day
 * after raising, holidays and 调休 included. The author follows it, so every step reaches them.
 */
export async function raiseMatter({
  actor,
  actorRoles,
  communityCode,
  gridCode,
  title,
  description,
  category,
  address,
  photos = [],
  storage = defaultStorage(),
  now = new Date(),
}: RaiseMatterInput) {
  const [place] = await db
    .select({ id: areas.id, path: areas.path, level: areas.level })
    .from(areas)
    .where(eq(areas.code, communityCode));
  if (!place || place.level !== "community") throw new DomainError("matters:errors.pickArea", 404);
  if (!isResidentWithin(actorRoles, place.path)) throw new DomainError("matters:errors.notResident", 403);
  let gridId: number | null = null;
  if (gridCode) {
    const [g] = await db
      .select({ id: areas.id, path: areas.path, level: areas.level, parentId: areas.parentId })
      .from(areas)
      .where(eq(areas.code, gridCode));
    if (!g || g.level !== "grid" || g.parentId !== place.id)
      throw new DomainError("matters:errors.pickGrid", 422);
    gridId = g.id;
  }

  const prepared = await prepareUploads(photos);
  const notPhoto = prepared.find((p) => !isImage(p.mimeType));
  if (notPhoto) throw new DomainError("matters:errors.photosOnly", 422, { name: notPhoto.fileName });
  const stored = await writeUploads(storage, prepared);
  const raised = await db
    .transaction(async (tx) => {
      const { days } = await responseDaysFor(place.path, tx);
      const calendar = await loadCalendarFrom(now, tx);
      const responseDueAt = addWorkingDays(now, days, calendar);
      const [row] = await tx
        .insert(matters)
        .values({
          communityId: place.id,
          gridId,
          authorId: actor.id,
          title: title.trim(),
          description: description.trim(),
          category,
          address: address?.trim() ?? "",
          responseDueAt,
          createdAt: now,
        })
        .returning({ id: matters.id });
      const id = row!.id;
      await recordParticipation(tx, {
        kind: "matter.raised",
        actor,
        areaId: gridId ?? place.id,
        subjectType: "matter",
        subjectId: id,
        meta: { category },
      });
      await recordTimeline(tx, {
        subjectType: "matter",
        subjectId: id,
        kind: "matters:timeline.raised",
        toStatus: "raised",
        params: { days },
        at: now,
      });
      await follow(tx, actor.id, "matter", id);
      await insertAttachments(tx, { subjectType: "matter", subjectId: id, uploadedBy: actor.id }, stored);
      return { id, responseDueAt, responseDays: days };
    })
    .catch(async (error: unknown) => {
      await discardUploads(storage, stored);
      throw error;
    });
  // After the commit: the community's committee members hear of it (best effort).
  const members = await db
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.areaId, place.id),
        eq(roleAssignments.role, "committee_member"),
        isNull(roleAssignments.revokedAt),
      ),
    );
  for (const m of members) {
    if (m.userId === actor.id) continue;
    await notifyUser({
      userId: m.userId,
      subjectType: "matter",
      subjectId: raised.id,
      kind: "matters:notifications.raised",
      href: `/matters/${raised.id}`,
      params: { title: title.trim() },
    });
  }
  return raised;
}
