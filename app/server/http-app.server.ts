import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { env } from "~/lib/env.server";
import { bodyLimit, csrfCookie, originCheck, securityHeaders } from "./security.server";

export const buildPath = path.resolve(env.KAPOK_BUILD_DIR ? `${env.KAPOK_BUILD_DIR}/index.js` : "build/index.js");
const assetsDir = path.resolve(env.KAPOK_BUILD_DIR ? `${env.KAPOK_BUILD_DIR}/assets` : "public/build");

export async function loadBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
}

/** Express in front of Remix: static files, compression, security headers, CSRF, body limits. */
export function createHttpApp(build: ServerBuild | (() => Promise<ServerBuild>)) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.KAPOK_TRUST_PROXY);
  app.use(compression());
  app.use(
    "/build",
    express.static(assetsDir, { immutable: true, maxAge: "1y", index: false }),
  );
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use(express.static("public", { maxAge: "1h", index: false }));
  app.use(securityHeaders);
  app.use(bodyLimit);
  app.use(originCheck);
  app.use(csrfCookie);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce as string,
        csrfToken: res.locals.csrfToken as string,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );
  return app;
}
