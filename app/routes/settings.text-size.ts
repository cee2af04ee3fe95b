import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { serializeCookie } from "~/lib/cookies.server";
import { readForm } from "~/lib/csrf.server";
import { getUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { textSizeCookieName } from "~/modules/accounts/display-preferences";
import { saveUserPreferences } from "~/modules/accounts/save-preferences.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const large = form.get("large");
  if (large !== "on" && large !== "off") throw new Response("Unknown text size", { status: 400 });
  const user = await getUser(request);
  if (user) await saveUserPreferences(user.id, { largeText: large === "on" });
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: {
      "Set-Cookie": serializeCookie(textSizeCookieName, large === "on" ? "large" : "normal", {
        maxAgeSeconds: 60 * 60 * 24 * 365,
        httpOnly: false,
      }),
    },
  });
}
