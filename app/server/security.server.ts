import type { NextFunction, Request, Response } from "express";
import { generateCsrfToken, csrfCookieName } from "~/lib/csrf.server";
import { readCookie, serializeCookie } from "~/lib/cookies.server";
import { env, isProduction } from "~/lib/env.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function headerRequest(req: Request) {
  return { headers: { get: (name: string) => req.get(name) ?? null } } as unknown as globalThis.Request;
}

/** Per-request nonce and the security headers every response carries. */
export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  res.locals.nonce = nonce;
  const devConnect = isProduction ? "" : " ws: http://localhost:*";
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      // React writes style attributes for a few widgets (progress bars); no inline <style> or script.
      "style-src-attr 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self'${devConnect}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "SAMEORIGIN");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (isProduction) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}

const allowedOrigins = new Set(
  env.KAPOK_ALLOWED_ORIGINS.split(",")
    .map((o) => o.trim())
    .filter(Boolean),
);

/**
 * Cross-site request forgery, first line: a state-changing request must come from our own pages.
 * Browsers send Origin on every POST; Sec-Fetch-Site is the fallback. A request with neither is refused.
 */
export function originCheck(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("Origin");
  const host = req.get("Host");
  let ok = false;
  if (origin && origin !== "null") {
    try {
      ok = new URL(origin).host === host || allowedOrigins.has(origin);
    } catch {
      ok = false;
    }
  } else {
    ok = req.get("Sec-Fetch-Site") === "same-origin";
  }
  if (!ok) {
    res.locals.forbiddenReason = "origin";
    res.status(403).type("text/plain; charset=utf-8").send(crossSiteMessage);
    return;
  }
  next();
}

// Shown only to forged or scripted cross-site posts, never to a person using our own pages.
const crossSiteMessage = "403 Forbidden: cross-site request refused / 已拒绝跨站请求 / 已拒絕跨站請求\n";

/** Makes sure every visitor has a CSRF cookie; the token is handed to Remix through the load context. */
export function csrfCookie(req: Request, res: Response, next: NextFunction) {
  const name = csrfCookieName();
  let token = readCookie(headerRequest(req), name);
  if (!token || !/^[A-Za-z0-9_-]{32}$/.test(token)) {
    token = generateCsrfToken();
    res.append("Set-Cookie", serializeCookie(name, token, { maxAgeSeconds: 60 * 60 * 24 * 365 }));
  }
  res.locals.csrfToken = token;
  next();
}

const MAX_FORM_BYTES = 256 * 1024;
const MAX_UPLOAD_BYTES = 12 * 1024 * 1024;

/** Oversized bodies are refused before anything reads them. */
export function bodyLimit(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const length = Number(req.get("Content-Length") ?? 0);
  const multipart = (req.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (length > (multipart ? MAX_UPLOAD_BYTES : MAX_FORM_BYTES)) {
    res.status(413).type("text/plain; charset=utf-8").send("413 Payload Too Large / 提交内容过大 / 提交內容過大\n");
    return;
  }
  next();
}
