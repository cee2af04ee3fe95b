import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/lib/csrf.server";
import { isDomainError } from "~/lib/errors";
import { getRequestMeta } from "~/lib/request-meta.server";
import { getUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { PostCommentSchema } from "~/modules/deliberation/comment-schemas";
import {
  commentAnchor,
  isCommentErrorCode,
  type CommentErrorCode,
} from "~/modules/deliberation/comment-thread-data";
import { postComment } from "~/modules/deliberation/post-comment.server";

/** `returnTo` with `commentError` set (or cleared) and a fragment, still a same-site path. */
function back(returnTo: string, error: CommentErrorCode | null, fragment: string) {
  const url = new URL(returnTo, "http://kapok.invalid");
  url.searchParams.delete("commentError");
  if (error) url.searchParams.set("commentError", error);
  return `${url.pathname}${url.search}#${fragment}`;
}

const ownErrors = "deliberation:errors";

/** The short code a refusal or a field error travels back as (the thread shows its message). */
function errorCode(message: string): CommentErrorCode {
  const key = message.split("|")[0]!;
  if (key === "errors:required") return "required";
  if (key === "errors:tooLong") return "tooLong";
  const prefix = `${ownErrors}.`;
  const last = key.startsWith(prefix) ? key.slice(prefix.length) : "";
  if (last === "bodyRequired") return "required";
  return isCommentErrorCode(last) ? last : "generic";
}

/**
 * POST /comments: post a comment or a reply, then go back to the page it came from, at the new comment.
 * Works without JavaScript: a refusal goes back with `?commentError=<code>` for the thread to show.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const returnTo = safeRedirectPath(formData.get("returnTo"), "/");
  const user = await getUser(request);
  // Not "/comments" as the way back after logging in: it has no page.
  if (!user) return redirect(`/login?${new URLSearchParams({ redirectTo: returnTo })}`);
  const submission = parseWithZod(formData, { schema: PostCommentSchema });
  if (submission.status !== "success") {
    const first = Object.values(submission.error ?? {}).flat()[0] ?? "deliberation:errors.generic";
    return redirect(back(returnTo, errorCode(first), "comment-form"));
  }
  const { subjectType, subjectId, parentId, body, stance } = submission.value;
  try {
    const { id } = await postComment({
      actor: user,
      actorRoles: await listActiveRoles(user.id),
      subjectType,
      subjectId,
      parentId,
      body,
      stance,
      meta: getRequestMeta(request, context),
    });
    return redirect(back(returnTo, null, commentAnchor(id)));
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return redirect(back(returnTo, errorCode(error.code), "comment-form"));
  }
}
