import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import type { NoticeSubject } from "~/modules/notices/notice-subject";

/**
 * An outcome as a subject of public notice (结果公示): objections are accepted from publication until
 * `noticeEndsAt`, and the committee of its area (or an official above it) answers them.
 */
export function outcomeNoticeSubject(outcome: {
  id: string;
  areaId: number;
  areaPath: string;
  publishedAt: Date;
  noticeEndsAt: Date;
}): NoticeSubject {
  return {
    type: "outcome",
    id: outcome.id,
    areaId: outcome.areaId,
    noticeEndsAt: outcome.noticeEndsAt,
    isOpen: (now) => now >= outcome.publishedAt && now < outcome.noticeEndsAt,
    canAnswer: (roles: readonly ScopedRole[]) => canManageArea(roles, outcome.areaPath).allowed,
  };
}
