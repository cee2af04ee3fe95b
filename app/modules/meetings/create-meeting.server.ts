import { meetings } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import type { CreateMeetingValues } from "./meeting-schemas";
import { getMeetingParent } from "./meeting-queries.server";

export interface CreateMeetingInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  values: CreateMeetingValues;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * The committee of the area (or an official above it) schedules a meeting for a consultation or a
 * matter; the meeting belongs to that subject's area. A meeting cannot start in the past.
 */
export async function createMeeting({
  actor,
  actorRoles,
  values,
  meta,
  now = new Date(),
}: CreateMeetingInput) {
  const parentKind = values.consultationId ? "consultation" : values.matterId ? "matter" : null;
  if (!parentKind) throw new DomainError("meetings:errors.noSubject", 404);
  const parent = await getMeetingParent(parentKind, (values.consultationId ?? values.matterId)!);
  if (!parent) throw new DomainError("meetings:errors.noSubject", 404);
  if (parentKind === "consultation" && parent.status === "cancelled")
    throw new DomainError("meetings:errors.subjectClosed", 409);
  const permission = canManageArea(actorRoles, parent.areaPath);
  if (!permission.allowed) throw new DomainError("meetings:errors.notManager", 403);
  if (values.startsAt.getTime() <= now.getTime()) throw new DomainError("meetings:errors.startInPast", 422);
  if (values.endsAt.getTime() <= values.startsAt.getTime())
    throw new DomainError("meetings:errors.endBeforeStart", 422);

  return db.transaction(async (tx) => {
    const [meeting] = await tx
      .insert(meetings)
      .values({
        areaId: parent.areaId,
        consultationId: parentKind === "consultation" ? parent.id : null,
        matterId: parentKind === "matter" ? parent.id : null,
        title: values.title,
        place: values.place,
        startsAt: values.startsAt,
        endsAt: values.endsAt,
        capacity: values.capacity,
        councilSize: values.councilSize ?? null,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning({ id: meetings.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "meeting.created",
      subjectType: "meeting",
      subjectId: meeting!.id,
      areaId: parent.areaId,
      after: {
        [parentKind === "consultation" ? "consultationId" : "matterId"]: parent.id,
        title: values.title,
        startsAt: values.startsAt.toISOString(),
        endsAt: values.endsAt.toISOString(),
        capacity: values.capacity,
        councilSize: values.councilSize ?? null,
      },
      meta,
    });
    return { id: meeting!.id };
  });
}
