import type { ScopedRole } from "~/modules/accounts/permissions";
import { canManageScheme } from "./permissions";

/** Pure, client-safe rules for projects in delivery. */
export const projectTracks = ["not_started", "on_track", "delayed", "done"] as const;
export type ProjectTrack = (typeof projectTracks)[number];
/** Tracks an update may report (a project that has an update has started). */
export const updateTracks = ["on_track", "delayed", "done"] as const;
export const projectStatuses = ["implementing", "accepted", "failed"] as const;
export type ProjectStatus = (typeof projectStatuses)[number];
export const responsibleKinds = ["committee", "department", "organisation"] as const;
export type ResponsibleKind = (typeof responsibleKinds)[number];

/** Residents rate a project for this long after acceptance. */
export const evaluationDays = 30;

/**
 * Who delivers a project (responsible party, milestones, updates, acceptance): whoever runs the scheme,
 * and the committee of the project's own community.
 */
export function canManageProject(
  actorRoles: readonly ScopedRole[],
  target: { schemeAreaPath: string; communityPath: string },
): boolean {
  if (canManageScheme(actorRoles, target.schemeAreaPath).allowed) return true;
  return actorRoles.some((r) => r.role === "committee_member" && r.areaPath === target.communityPath);
}

/** Today's date in Beijing as YYYY-MM-DD (milestone due dates are calendar days there). */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A milestone is overdue when it is not done and its due day has passed in Beijing. */
export function isMilestoneOverdue(m: { dueOn: string; doneAt: Date | null }, now: Date): boolean {
  return m.doneAt === null && shanghaiDate(now) > m.dueOn;
}

/** Whether every milestone was done by the end of its due day (Beijing); vacuously true with none. */
export function deliveredOnTime(milestones: readonly { dueOn: string; doneAt: Date | null }[]): boolean {
  return milestones.every((m) => m.doneAt !== null && shanghaiDate(m.doneAt) <= m.dueOn);
}

/** Acceptance (验收) needs the work reported done: track "done" or 100 %. */
export function readyForAcceptance(p: { track: ProjectTrack; progressPercent: number }): boolean {
  return p.track === "done" || p.progressPercent >= 100;
}

export function isEvaluationOpen(
  p: { status: ProjectStatus; evaluationClosesAt: Date | null },
  now: Date,
): boolean {
  return p.status === "accepted" && !!p.evaluationClosesAt && now.getTime() < p.evaluationClosesAt.getTime();
}

/** A real calendar day written YYYY-MM-DD (2030-02-31 is not one). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
