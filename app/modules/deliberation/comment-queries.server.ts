import { and, asc, desc, eq, inArray, isNotNull, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import { commentReports, comments } from "~db/schema/deliberation";
import { auditEntries } from "~db/schema/ledger";
import type { Locale } from "~/i18n/config";
import { fixedT } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { localizedName } from "~/lib/localized-name";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canModerateAt, moderationScopes } from "./comment-permissions";
import type { CommentStance, CommentSubjectType } from "./comment-schemas";
import { commentSubjectHref, resolveCommentSubject } from "./comment-subjects.server";
import type { CommentThreadData, CommentView, TopComment } from "./comment-thread-data";

export type ThreadViewer = { id: string; roles?: readonly ScopedRole[] };

/**
 * Everything the thread of a subject shows, serialisable, for this viewer: stance counts (top-level,
 * visible, non-official comments), comments oldest first with their replies, and what the viewer may
 * do. Hidden comments keep their place with the text removed, except for moderators. Throws a 404
 * response when the subject does not exist.
 */
export async function loadCommentThread(
  subject: { subjectType: string; subjectId: string },
  viewer: ThreadViewer | null,
  locale: Locale,
): Promise<CommentThreadData> {
  const resolved = await resolveCommentSubject(subject.subjectType, subject.subjectId);
  if (!resolved) throw new Response(null, { status: 404 });
  const roles = viewer ? (viewer.roles ?? (await listActiveRoles(viewer.id))) : [];
  const canModerate = viewer ? canModerateAt(roles, resolved.areaPath) : false;
  const t = await fixedT(locale);

  const rows = resolved.visible
    ? await db
        .select({
          id: comments.id,
          parentId: comments.parentId,
          authorId: comments.authorId,
          authorName: users.displayName,
          official: comments.official,
          stance: comments.stance,
          body: comments.body,
          createdAt: comments.createdAt,
          hiddenAt: comments.hiddenAt,
          hiddenBy: comments.hiddenBy,
          hiddenReason: comments.hiddenReason,
          reportCount: comments.reportCount,
        })
        .from(comments)
        .leftJoin(users, eq(users.id, comments.authorId))
        .where(and(eq(comments.subjectType, resolved.type), eq(comments.subjectId, resolved.id)))
        .orderBy(asc(comments.createdAt), asc(comments.id))
    : [];

  const reportedByViewer = new Set<string>();
  if (viewer && rows.length > 0) {
    const mine = await db
      .select({ commentId: commentReports.commentId })
      .from(commentReports)
      .where(
        and(
          eq(commentReports.reporterId, viewer.id),
          inArray(
            commentReports.commentId,
            rows.map((r) => r.id),
          ),
        ),
      );
    for (const r of mine) reportedByViewer.add(r.commentId);
  }

  const counts: Record<CommentStance, number> = { support: 0, oppose: 0, neutral: 0 };
  const view = (r: (typeof rows)[number]): CommentView => {
    const hidden = r.hiddenAt !== null;
    const mine = viewer !== null && r.authorId === viewer.id;
    const reported = reportedByViewer.has(r.id);
    return {
      id: r.id,
      authorName: r.authorName && r.authorName.trim() !== "" ? r.authorName : t("accounts:deletedUser"),
      official: r.official,
      stance: r.stance,
      body: hidden && !canModerate ? "" : r.body,
      createdAt: r.createdAt.toISOString(),
      hidden,
      // Hidden by reports and not yet reviewed: no written reason.
      hiddenReason: hidden && r.hiddenBy ? r.hiddenReason : null,
      reportCount: canModerate ? r.reportCount : null,
      canReport: viewer !== null && !mine && !hidden && !reported,
      reported,
      mine,
    };
  };
  const tops: TopComment[] = [];
  const byId = new Map<string, TopComment>();
  for (const r of rows) {
    if (r.parentId) continue;
    const top = { ...view(r), replies: [] };
    tops.push(top);
    byId.set(r.id, top);
    if (!r.official && r.hiddenAt === null) counts[r.stance] += 1;
  }
  for (const r of rows) {
    if (r.parentId) byId.get(r.parentId)?.replies.push(view(r));
  }

  let postRefusal: string | undefined;
  const postsOfficially = viewer !== null && resolved.isOfficial(roles);
  if (!viewer) postRefusal = "login";
  else if (!resolved.open) postRefusal = "deliberation:errors.closed";
  else if (!postsOfficially && !resolved.mayTakePart(roles))
    postRefusal = "deliberation:errors.notResidentHere";

  return {
    subject: { type: resolved.type, id: resolved.id, href: resolved.href },
    counts,
    comments: tops,
    canPost: postRefusal === undefined,
    postsOfficially,
    ...(postRefusal ? { postRefusal } : {}),
    canModerate,
  };
}

/** The comment a person is about to report, with where it was posted. Null when it does not exist. */
export async function getCommentForReport(commentId: string, viewerId: string) {
  const [row] = await db
    .select({
      id: comments.id,
      subjectType: comments.subjectType,
      subjectId: comments.subjectId,
      authorId: comments.authorId,
      authorName: users.displayName,
      body: comments.body,
      hiddenAt: comments.hiddenAt,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.id, commentId))
    .limit(1);
  if (!row) return null;
  const subject = await resolveCommentSubject(row.subjectType, row.subjectId);
  if (!subject || !subject.visible) return null;
  const [mine] = await db
    .select({ reason: commentReports.reason })
    .from(commentReports)
    .where(and(eq(commentReports.commentId, commentId), eq(commentReports.reporterId, viewerId)))
    .limit(1);
  return {
    id: row.id,
    authorName: row.authorName && row.authorName.trim() !== "" ? row.authorName : null,
    body: row.hiddenAt ? null : row.body,
    createdAt: row.createdAt,
    own: row.authorId === viewerId,
    hidden: row.hiddenAt !== null,
    alreadyReported: mine !== undefined,
    subjectHref: subject.href,
    subjectTitle: subject.title,
  };
}

const queueLimit = 200;

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Comments a moderator should look at, inside their areas: hidden by reports and waiting for review, or
 * visible with reports newer than the last moderation decision; and, separately, those a moderator hid
 * (to restore on appeal). Reports are listed with each, newest first.
 */
export async function listModerationQueue(roles: readonly ScopedRole[], locale: Locale) {
  const scopes = moderationScopes(roles);
  if (scopes.length === 0) return { waiting: [], hidden: [] };
  const inScope: SQL = or(...scopes.map((s) => like(areas.path, `${escapeLike(s)}%`)))!;
  const lastDecision = sql<Date | null>`(
    select max(${auditEntries.occurredAt}) from ${auditEntries}
    where ${auditEntries.subjectType} = 'comment'
      and ${auditEntries.subjectId} = ${comments.id}::text
      and ${auditEntries.action} in ('comment.hidden', 'comment.restored')
  )`;
  const newReports = sql<boolean>`exists (
    select 1 from ${commentReports}
    where ${commentReports.commentId} = ${comments.id}
      and ${commentReports.createdAt} > coalesce(${lastDecision}, '-infinity'::timestamptz)
  )`;
  const waitingCondition = or(
    and(isNotNull(comments.hiddenAt), isNull(comments.hiddenBy)),
    and(isNull(comments.hiddenAt), sql`${comments.reportCount} > 0`, newReports),
  )!;
  const hiddenCondition = isNotNull(comments.hiddenBy);

  const select = (condition: SQL) =>
    db
      .select({
        id: comments.id,
        subjectType: comments.subjectType,
        subjectId: comments.subjectId,
        authorName: users.displayName,
        official: comments.official,
        stance: comments.stance,
        body: comments.body,
        createdAt: comments.createdAt,
        hiddenAt: comments.hiddenAt,
        hiddenBy: comments.hiddenBy,
        hiddenReason: comments.hiddenReason,
        reportCount: comments.reportCount,
        areaNameZhCn: areas.nameZhCn,
        areaNameZhHk: areas.nameZhHk,
        areaNameEn: areas.nameEn,
      })
      .from(comments)
      .innerJoin(areas, eq(areas.id, comments.areaId))
      .leftJoin(users, eq(users.id, comments.authorId))
      .where(and(inScope, condition))
      .orderBy(desc(comments.createdAt))
      .limit(queueLimit);
  const [waiting, hidden] = await Promise.all([select(waitingCondition), select(hiddenCondition)]);

  const ids = [...waiting, ...hidden].map((r) => r.id);
  const reports =
    ids.length === 0
      ? []
      : await db
          .select({
            commentId: commentReports.commentId,
            reason: commentReports.reason,
            createdAt: commentReports.createdAt,
          })
          .from(commentReports)
          .where(inArray(commentReports.commentId, ids))
          .orderBy(desc(commentReports.createdAt));
  const t = await fixedT(locale);
  const item = (r: (typeof waiting)[number]) => ({
    id: r.id,
    href: commentSubjectHref(r.subjectType, r.subjectId),
    subjectType: r.subjectType as CommentSubjectType,
    authorName: r.authorName && r.authorName.trim() !== "" ? r.authorName : t("accounts:deletedUser"),
    official: r.official,
    stance: r.stance,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
    hidden: r.hiddenAt !== null,
    hiddenByModerator: r.hiddenBy !== null,
    hiddenReason: r.hiddenBy ? r.hiddenReason : null,
    reportCount: r.reportCount,
    area: localizedName({ nameZhCn: r.areaNameZhCn, nameZhHk: r.areaNameZhHk, nameEn: r.areaNameEn }, locale),
    reports: reports
      .filter((x) => x.commentId === r.id)
      .map((x) => ({ reason: x.reason, at: x.createdAt.toISOString() })),
  });
  return { waiting: waiting.map(item), hidden: hidden.map(item) };
}

/** Whether the person moderates anywhere (the moderation page is theirs). */
export function isModerator(roles: readonly ScopedRole[]) {
  return moderationScopes(roles).length > 0;
}
