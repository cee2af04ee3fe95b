import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale, localeCookieName } from "~/i18n/config";
import { serializeCookie } from "~/lib/cookies.server";
import { readForm } from "~/lib/csrf.server";
import { getUser, safeRedirectPath } from "~/modules/accounts/auth.server";
import { saveUserPreferences } from "~/modules/accounts/save-preferences.server";

export async function loader() {
  return redirect("/");
}

/** The language switcher: cookie for everyone, account setting too when signed in. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const locale = form.get("locale");
  if (!isLocale(locale)) throw new Response("Unknown language", { status: 400 });
  const user = await getUser(request);
  if (user) await saveUserPreferences(user.id, { locale });
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: { "Set-Cookie": serializeCookie(localeCookieName, locale, { maxAgeSeconds: 60 * 60 * 24 * 365, httpOnly: false }) },
  });
}

