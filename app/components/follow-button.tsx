import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import type { FollowableType } from "~/modules/notifications/followable-types";

/**
 * Follow or unfollow a subject (a plain form posting to /follows, so it works without JavaScript).
 * Render it only for signed-in people; `following` comes from `isFollowing` in the page's loader.
 */
export function FollowButton({
  subjectType,
  subjectId,
  following,
  returnTo,
}: {
  subjectType: FollowableType;
  subjectId: string;
  following: boolean;
  returnTo: string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/follows" className="inline-form follow-form">
      <CsrfInput />
      <input type="hidden" name="subjectType" value={subjectType} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      {following ? (
        <>
          <span className="muted">{t("deliberation:follow.following")}</span>{" "}
          <button type="submit" name="intent" value="unfollow" className="secondary">
            {t("deliberation:follow.unfollow")}
          </button>
        </>
      ) : (
        <button type="submit" name="intent" value="follow" className="secondary">
          {t("deliberation:follow.follow")}
        </button>
      )}
    </Form>
  );
}
