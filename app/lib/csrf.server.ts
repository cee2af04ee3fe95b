import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase64url } from "@oslojs/encoding";
import type { AppLoadContext } from "@remix-run/node";
import { cookieName } from "./cookies.server";

export const csrfCookieName = () => cookieName("kapok_csrf");
export const csrfFieldName = "csrf";

export function generateCsrfToken(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(24)));
}

/**
 * Double-submit check: the form's hidden field must equal the visitor's own HttpOnly cookie, which a
 * cross-site page can neither read nor set. The HTTP server has already checked Origin.
 */
export function verifyCsrf(formData: FormData, context: Pick<AppLoadContext, "csrfToken">) {
  const sent = formData.get(csrfFieldName);
  const expected = context.csrfToken;
  const ok =
    typeof sent === "string" &&
    sent.length === expected.length &&
    expected.length > 0 &&
    constantTimeEqual(new TextEncoder().encode(sent), new TextEncoder().encode(expected));
  if (!ok) throw new Response("CSRF token mismatch", { status: 403, statusText: "Forbidden" });
}

/** Reads a posted form and verifies its CSRF token; every action starts here. */
export async function readForm(request: Request, context: Pick<AppLoadContext, "csrfToken">): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("Malformed form", { status: 400, statusText: "Bad Request" });
  }
  verifyCsrf(formData, context);
  return formData;
}
