import { eq } from "drizzle-orm";
import { meetings } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { minutesMax } from "./meeting-schemas";
import { getMeeting } from "./meeting-queries.server";

export interface PublishMinutesInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  meetingId: string;
  minutes: string;
  meta?: RequestMeta;
  now?: Date;
}

/**
 * Minutes are published once the meeting has ended, which marks it held. A correction publishes them
 * again; each version is in the audit log (the previous text as `before`).
 */
export async function publishMinutes({
  actor,
  actorRoles,
  meetingId,
  minutes,
  meta,
  now = new Date(),
}: PublishMinutesInput) {
  const found = await getMeeting(meetingId);
  if (!found) throw new DomainError("meetings:errors.meetingNotFound", 404);
  const { meeting, area } = found;
  if (!canManageArea(actorRoles, area.path).allowed) throw new DomainError("meetings:errors.notManager", 403);
  if (meeting.status === "cancelled") throw new DomainError("meetings:errors.meetingCancelled", 409);
  if (now.getTime() < meeting.endsAt.getTime()) throw new DomainError("meetings:errors.meetingNotOver", 409);
  const text = minutes.trim();
  if (!text) throw new DomainError("errors:required", 422);
  if (text.length > minutesMax) throw new DomainError("errors:tooLong", 422, { max: minutesMax });

  await db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set({ minutes: text, minutesPublishedAt: now, status: "held" })
      .where(eq(meetings.id, meetingId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "meeting.minutes_published",
      subjectType: "meeting",
      subjectId: meetingId,
      areaId: meeting.areaId,
      before: meeting.minutes ? { minutes: meeting.minutes } : null,
      after: { minutes: text },
      meta,
    });
  });
}
