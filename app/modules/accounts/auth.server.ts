import { redirect } from "@remix-run/node";
import { cookieName, readCookie, serializeCookie } from "~/lib/cookies.server";
import { validateSessionToken, type SessionUser, type ValidatedSession } from "./session.server";

export const sessionCookieName = () => cookieName("kapok_session");

const memo = new WeakMap<Request, Promise<ValidatedSession | null>>();

/** The signed-in session for this request, looked up once per request object. */
export function getSession(request: Request): Promise<ValidatedSession | null> {
  let found = memo.get(request);
  if (!found) {
    const token = readCookie(request, sessionCookieName());
    found = token && /^[a-z2-7]{32}$/.test(token) ? validateSessionToken(token) : Promise.resolve(null);
    memo.set(request, found);
  }
  return found;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null;
}

function safeRedirectTarget(request: Request) {
  const url = new URL(request.url);
  return `${url.pathname.replace(/\.data$/, "")}${url.search}`;
}

/** Sends an anonymous visitor to the login page, coming back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const params = new URLSearchParams({ redirectTo: safeRedirectTarget(request) });
    throw redirect(`/login?${params}`);
  }
  return user;
}

export async function requireAnonymous(request: Request) {
  if (await getUser(request)) throw redirect("/account");
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return serializeCookie(sessionCookieName(), token, { maxAgeSeconds: (expiresAt.getTime() - Date.now()) / 1000 });
}

export function clearSessionCookie(): string {
  return serializeCookie(sessionCookieName(), "", { maxAgeSeconds: 0 });
}

/** Only same-site paths: never an open redirect to another host. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
