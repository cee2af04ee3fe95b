import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/lib/csrf.server";
import { getUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { setFollowing } from "~/modules/notifications/follow.server";
import { FollowSchema } from "~/modules/notifications/notification-schemas";

/** POST /follows: follow or unfollow a subject, then back to the page the button was on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const returnTo = safeRedirectPath(formData.get("returnTo"), "/");
  const user = await getUser(request);
  if (!user) return redirect(`/login?${new URLSearchParams({ redirectTo: returnTo })}`);
  const submission = parseWithZod(formData, { schema: FollowSchema });
  if (submission.status !== "success") throw new Response(null, { status: 400 });
  const { intent, subjectType, subjectId } = submission.value;
  const done = await setFollowing({
    userId: user.id,
    subjectType,
    subjectId,
    following: intent === "follow",
  });
  if (!done) throw new Response(null, { status: 404 });
  return redirect(returnTo);
}
