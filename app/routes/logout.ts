import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readCookie } from "~/lib/cookies.server";
import { readForm } from "~/lib/csrf.server";
import { clearSessionCookie, sessionCookieName } from "~/modules/accounts/auth.server";
import { logOut } from "~/modules/accounts/log-out.server";

// Logging out changes state, so it is a POST (with the CSRF token); a link or prefetch never logs anyone out.
export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  await logOut({ token: readCookie(request, sessionCookieName()) });
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie() } });
}
