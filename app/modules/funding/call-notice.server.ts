import type { NoticeSubject } from "~/modules/notices/notice-subject";
import { findCallWithArea } from "./award-queries.server";
import { canManageCall } from "./permissions";

/** The objections core's subject type for a call's proposed awards under public notice (公示). */
export const callNoticeSubjectType = "funding_call";

/** Whether the call's award notice is open at `now`: [noticeStartsAt, noticeEndsAt) while status is notice. */
export function isAwardNoticeOpen(
  call: { status: string; noticeStartsAt: Date | null; noticeEndsAt: Date | null },
  now: Date,
): boolean {
  if (call.status !== "notice" || !call.noticeStartsAt || !call.noticeEndsAt) return false;
  const t = now.getTime();
  return t >= call.noticeStartsAt.getTime() && t < call.noticeEndsAt.getTime();
}

/**
 * A call's proposed awards as a subject under public notice, for raiseObjection / answerObjection:
 * anyone signed in objects while the window runs; whoever runs the call answers. Null: no such call.
 */
export async function callNoticeSubject(callId: string): Promise<NoticeSubject | null> {
  const found = await findCallWithArea(callId);
  if (!found || found.call.status === "draft") return null;
  const { call, area } = found;
  return {
    type: callNoticeSubjectType,
    id: call.id,
    areaId: call.areaId,
    noticeEndsAt: call.noticeEndsAt,
    isOpen: (now) => isAwardNoticeOpen(call, now),
    canAnswer: (roles) => canManageCall(roles, area.path).allowed,
  };
}
