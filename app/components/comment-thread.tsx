import { Form, Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { commentBodyMax, commentStances } from "~/modules/deliberation/comment-schemas";
import {
  commentAnchor,
  commentErrorMessages,
  isCommentErrorCode,
  type CommentThreadData,
  type CommentView,
  type TopComment,
} from "~/modules/deliberation/comment-thread-data";
import styles from "~/styles/deliberation.css";

/** Add to the `links` of a route that renders a <CommentThread> or <FollowButton>. */
export const deliberationStylesheet = { rel: "stylesheet", href: styles } as const;

const stanceKeys = {
  support: "deliberation:thread.stance.support",
  oppose: "deliberation:thread.stance.oppose",
  neutral: "deliberation:thread.stance.neutral",
} as const;

function SubjectFields({ data, returnTo }: { data: CommentThreadData; returnTo: string }) {
  return (
    <>
      <CsrfInput />
      <input type="hidden" name="subjectType" value={data.subject.type} />
      <input type="hidden" name="subjectId" value={data.subject.id} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </>
  );
}

function Comment({
  comment,
  canModerate,
  returnTo,
  format,
}: {
  comment: CommentView;
  canModerate: boolean;
  returnTo: string;
  format: Intl.DateTimeFormat;
}) {
  const { t } = useTranslation();
  return (
    <article className={comment.official ? "comment comment-official" : "comment"}>
      <p className="comment-meta">
        <strong>{comment.authorName}</strong>
        {comment.mine ? <span className="badge">{t("deliberation:thread.mineBadge")}</span> : null}
        {comment.official ? (
          <span className="badge official">{t("deliberation:thread.officialBadge")}</span>
        ) : (
          <span className={`badge stance-${comment.stance}`}>{t(stanceKeys[comment.stance])}</span>
        )}
        <time dateTime={comment.createdAt}>{format.format(new Date(comment.createdAt))}</time>
      </p>
      {comment.hidden ? (
        <p className="comment-hidden">
          {comment.hiddenReason
            ? t("deliberation:thread.hiddenByCommittee", { reason: comment.hiddenReason })
            : t("deliberation:thread.pendingReview")}
        </p>
      ) : null}
      {comment.body ? <p className="comment-body">{comment.body}</p> : null}
      {comment.hidden && canModerate ? (
        <p className="muted">{t("deliberation:thread.moderatorNote", { count: comment.reportCount ?? 0 })}</p>
      ) : null}
      <div className="comment-actions">
        {comment.canReport ? (
          <Link to={`/comments/${comment.id}/report?${new URLSearchParams({ returnTo })}`}>
            {t("deliberation:thread.report")}
          </Link>
        ) : null}
        {comment.reported ? <span className="muted">{t("deliberation:thread.reported")}</span> : null}
        {canModerate && (comment.hidden || (comment.reportCount ?? 0) > 0) ? (
          <Link to="/moderation">{t("deliberation:thread.moderateLink")}</Link>
        ) : null}
      </div>
    </article>
  );
}

/**
 * A subject's discussion: stance counts, the post form, comments with one level of replies, report
 * links. Plain forms posting to /comments, so it works without JavaScript; a failed post comes back as
 * `?commentError=<code>` (read here unless `error` is given).
 */
export function CommentThread({
  data,
  returnTo,
  error,
}: {
  data: CommentThreadData;
  /** The page path to come back to after posting (same-site path). */
  returnTo: string;
  /** Error code from the URL; read from `?commentError` when not given. */
  error?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const [searchParams] = useSearchParams();
  const errorCode = error === undefined ? searchParams.get("commentError") : error;
  const errorKey = errorCode
    ? commentErrorMessages[isCommentErrorCode(errorCode) ? errorCode : "generic"]
    : null;
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });
  const { counts } = data;
  const loginHref = `/login?${new URLSearchParams({ redirectTo: returnTo })}`;
  // Remounting the forms after a post (one more comment) empties them when JavaScript kept the page.
  const posted = data.comments.reduce((n, c) => n + 1 + c.replies.length, 0);

  return (
    <section aria-labelledby="comments-heading" className="comment-thread" id="comments">
      <h2 id="comments-heading">{t("deliberation:thread.heading")}</h2>
      <p className="stance-counts">
        {t("deliberation:thread.counts", {
          support: counts.support,
          oppose: counts.oppose,
          neutral: counts.neutral,
        })}
      </p>

      <div id="comment-form">
        {errorKey ? (
          <div className="form-error" role="alert">
            <p className="field-error">{t(errorKey)}</p>
          </div>
        ) : null}
        {data.canPost ? (
          <Form
            key={posted}
            method="post"
            action="/comments"
            className="stack comment-form"
            aria-labelledby="comment-form-heading"
          >
            <h3 id="comment-form-heading">{t("deliberation:thread.formHeading")}</h3>
            <SubjectFields data={data} returnTo={returnTo} />
            {data.postsOfficially ? (
              <p className="notice">{t("deliberation:thread.postsOfficially")}</p>
            ) : (
              <fieldset className="stance-choices">
                <legend>{t("deliberation:thread.stanceLegend")}</legend>
                {commentStances.map((stance) => (
                  <label key={stance}>
                    <input type="radio" name="stance" value={stance} defaultChecked={stance === "neutral"} />
                    {t(stanceKeys[stance])}
                  </label>
                ))}
              </fieldset>
            )}
            <div className="field">
              <label htmlFor="comment-body">{t("deliberation:thread.bodyLabel")}</label>
              <p id="comment-body-hint" className="hint">
                {t("deliberation:thread.bodyHint", { max: commentBodyMax })}
              </p>
              <textarea
                id="comment-body"
                name="body"
                required
                maxLength={commentBodyMax}
                rows={4}
                aria-describedby="comment-body-hint"
              />
            </div>
            <div className="button-row">
              <button type="submit" className="primary">
                {t("deliberation:thread.submit")}
              </button>
            </div>
          </Form>
        ) : data.postRefusal === "login" ? (
          <p>
            {t("deliberation:thread.loginPrompt")}{" "}
            <Link to={loginHref}>{t("deliberation:thread.login")}</Link>
          </p>
        ) : data.postRefusal ? (
          <p className="muted">{t(data.postRefusal)}</p>
        ) : null}
      </div>

      {data.comments.length === 0 ? (
        <p>{t("deliberation:thread.empty")}</p>
      ) : (
        <ol className="comment-list">
          {data.comments.map((comment: TopComment) => (
            <li key={comment.id} id={commentAnchor(comment.id)}>
              <Comment comment={comment} canModerate={data.canModerate} returnTo={returnTo} format={format} />
              {comment.replies.length > 0 ? (
                <ol
                  className="comment-replies"
                  aria-label={t("deliberation:thread.repliesLabel", { name: comment.authorName })}
                >
                  {comment.replies.map((reply) => (
                    <li key={reply.id} id={commentAnchor(reply.id)}>
                      <Comment
                        comment={reply}
                        canModerate={data.canModerate}
                        returnTo={returnTo}
                        format={format}
                      />
                    </li>
                  ))}
                </ol>
              ) : null}
              {data.canPost ? (
                <details className="comment-reply" key={`${comment.id}-${comment.replies.length}`}>
                  <summary>{t("deliberation:thread.reply")}</summary>
                  <Form method="post" action="/comments" className="stack">
                    <SubjectFields data={data} returnTo={returnTo} />
                    <input type="hidden" name="parentId" value={comment.id} />
                    <div className="field">
                      <label htmlFor={`reply-${comment.id}`}>
                        {t("deliberation:thread.replyLabel", { name: comment.authorName })}
                      </label>
                      <textarea
                        id={`reply-${comment.id}`}
                        name="body"
                        required
                        maxLength={commentBodyMax}
                        rows={3}
                      />
                    </div>
                    <div className="button-row">
                      <button type="submit" className="secondary">
                        {t("deliberation:thread.replySubmit")}
                      </button>
                    </div>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
