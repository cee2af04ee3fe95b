import type { ScopedRole } from "~/modules/accounts/permissions";

/**
 * What the objection use-cases need to know about a subject under public notice (公示). The feature
 * that owns the subject resolves it (a livelihood scheme's results now; funding awards and consultation
 * outcomes later), so this core knows no feature.
 */
export interface NoticeSubject {
  type: string;
  id: string;
  /** Where the notice is held: the fallback area of the objection event and the audit area. */
  areaId: number;
  /** When the notice window closes (null: never opened). */
  noticeEndsAt: Date | null;
  /** Whether objections are accepted at `now`. */
  isOpen(now: Date): boolean;
  /** Whether these roles answer objections on the subject. */
  canAnswer(roles: readonly ScopedRole[]): boolean;
}
