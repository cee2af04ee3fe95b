import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { users } from "~db/schema/accounts";
import { timelineEntries } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import type { TimelineEntry } from "./timeline";

export type TimelineSubject =
  | "scheme"
  | "proposal"
  | "project"
  | "matter"
  | "consultation"
  | "outcome"
  | "funding_call"
  | "funding_application"
  | "agreement";

export interface TimelineInput {
  subjectType: TimelineSubject;
  subjectId: string;
  /** A full catalogue key, e.g. proposals:timeline.published; rendered with `params`. */
  kind: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actorUserId?: string | null;
  official?: boolean;
  note?: string | null;
  params?: Record<string, string | number | null>;
  at?: Date;
}

/** Appends one public timeline entry inside the caller's transaction (same commit as the change). */
export async function recordTimeline(tx: Tx, input: TimelineInput) {
  await tx.insert(timelineEntries).values({
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    kind: input.kind,
    fromStatus: input.fromStatus ?? null,
    toStatus: input.toStatus ?? null,
    actorUserId: input.actorUserId ?? null,
    official: input.official ?? false,
    note: input.note ?? null,
    params: input.params ?? {},
    ...(input.at ? { occurredAt: input.at } : {}),
  });
}

/** The public timeline of a subject, oldest first. */
export async function listTimeline(
  subjectType: TimelineSubject,
  subjectId: string,
): Promise<TimelineEntry[]> {
  const rows = await db
    .select({
      id: timelineEntries.id,
      occurredAt: timelineEntries.occurredAt,
      kind: timelineEntries.kind,
      fromStatus: timelineEntries.fromStatus,
      toStatus: timelineEntries.toStatus,
      official: timelineEntries.official,
      actorName: users.displayName,
      note: timelineEntries.note,
      params: timelineEntries.params,
    })
    .from(timelineEntries)
    .leftJoin(users, eq(users.id, timelineEntries.actorUserId))
    .where(and(eq(timelineEntries.subjectType, subjectType), eq(timelineEntries.subjectId, subjectId)))
    .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
  return rows.map((r) => ({
    id: r.id,
    at: r.occurredAt.toISOString(),
    kind: r.kind,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    official: r.official,
    actorName: r.official ? (r.actorName ?? null) : null,
    note: r.note,
    params: r.params,
  }));
}
