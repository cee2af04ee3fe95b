import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { defaultLocale, isLocale } from "./i18n/config";
import { i18nFor, resolveLocale } from "./i18n/i18n.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The root loader already resolved the language (cookie → account → Accept-Language); reuse it.
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : await resolveLocale(request).catch(() => defaultLocale);
  const i18n = await i18nFor(locale);

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Always wait for everything: crawlers and no-JS browsers get the whole page, and so does everyone else.
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={loadContext.nonce} />
      </I18nextProvider>,
      {
        nonce: loadContext.nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // Pages carry a per-visitor CSRF token (and, signed in, personal data): never a shared cache.
          if (!responseHeaders.has("Cache-Control")) {
            responseHeaders.set("Cache-Control", request.headers.get("Cookie")?.includes("kapok_session") ? "no-store" : "private, no-cache");
          }
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // 4xx responses are expected (unknown URLs, forbidden ids) and rendered as friendly pages; only log bugs.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};
