// The figures issue 2 asks for: cold start, home page ÷ /healthz, login ÷ bare argon2, page weight, RSS.
// Every throughput figure is a ratio against a baseline measured in the same run on the same machine.
import { rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import {
  buildApp,
  createTempDatabase,
  freePort,
  tempBuildDir,
  tempRoot,
  type TempDatabase,
} from "../e2e/harness";
import { load, type LoadResult } from "./load";
import { startServer, type RunningServer } from "./server";

const CONNECTIONS = 20;
const SECONDS = 5;
const WARMUP_SECONDS = 1;
const demoLogin = { identifier: "resident@demo.kapok.city", password: "kapok-demo" };

export interface EngineFigures {
  engine: "pglite" | "postgres";
  coldStartMs: number;
  coldReadyMs?: number;
  warmStartMs: number;
  warmReadyMs?: number;
  rssAfterStartMiB: number;
  home: LoadResult;
  healthz: LoadResult;
  homeOverHealthz: number;
  rssAfterHomeLoadMiB: number;
  login?: LoadResult & { account: string };
  /** Measured right after this engine's login run, so both see the same machine load. */
  verifyPassword?: VerifyFigures;
  loginOverVerify?: number;
  rssAfterLoginLoadMiB?: number;
  loginError?: string;
}

export interface PageWeight {
  html: { raw: number; gzip: number };
  /** The scripts and modulepreloads the home page's HTML names. */
  referencedJs: { files: number; raw: number; gzip: number };
  /** Those plus every module they import, statically or dynamically (e.g. the language's catalogue). */
  allJs: { files: number; raw: number; gzip: number };
}

export interface VerifyFigures {
  callsPerSecond: number;
  concurrency: number;
  argon2Slots: number;
}

export interface FoundationResults {
  suite: "foundation";
  date: string;
  machine: { node: string; cpus: number };
  settings: { connections: number; seconds: number; warmupSeconds: number };
  buildMs: number;
  pageWeight?: PageWeight;
  engines: EngineFigures[];
  /** Engines whose run broke off, with the reason; the others' figures still stand. */
  failures: Array<{ engine: EngineFigures["engine"]; error: string }>;
}

function log(line: string) {
  process.stderr.write(`bench: ${line}\n`);
}

const gz = (data: Buffer | string) => gzipSync(data).length;

/** `Set-Cookie` lines of a fetch response, as "name=value" pairs. */
function cookiesOf(response: Response) {
  return response.headers.getSetCookie().map((line) => line.split(";")[0]!);
}

async function measurePageWeight(baseUrl: string): Promise<PageWeight> {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const referenced = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) referenced.add(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
    referenced.add(match[1]!);
  for (const match of html.matchAll(/<link\b[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g))
    referenced.add(match[1]!);
  // The inline module script imports the entry and route modules by URL.
  for (const script of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const match of script[1]!.matchAll(/import\s*(?:[^"']*?from\s*)?["']([^"']+\.js)["']/g))
      referenced.add(match[1]!);
  }
  const bodies = new Map<string, Buffer>();
  const fetchAll = async (urls: Iterable<string>) => {
    for (const url of urls) {
      const absolute = new URL(url, baseUrl).href;
      if (bodies.has(absolute)) continue;
      const response = await fetch(absolute);
      if (!response.ok) throw new Error(`${absolute}: ${response.status}`);
      bodies.set(absolute, Buffer.from(await response.arrayBuffer()));
    }
  };
  await fetchAll(referenced);
  const referencedUrls = new Set([...referenced].map((u) => new URL(u, baseUrl).href));
  // Follow imports (static and dynamic) to the whole closure the browser may load.
  let frontier = [...bodies.keys()];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const url of frontier) {
      const source = bodies.get(url)!.toString("utf8");
      for (const match of source.matchAll(
        /(?:import|from)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js|\/build\/[^"']+\.js)["']/g,
      )) {
        const absolute = new URL(match[1]!, url).href;
        if (!bodies.has(absolute) && !next.includes(absolute)) next.push(absolute);
      }
    }
    await fetchAll(next);
    frontier = next;
  }
  const sum = (urls: string[]) => ({
    files: urls.length,
    raw: urls.reduce((n, u) => n + bodies.get(u)!.length, 0),
    gzip: urls.reduce((n, u) => n + gz(bodies.get(u)!), 0),
  });
  return {
    html: { raw: Buffer.byteLength(html), gzip: gz(html) },
    referencedJs: sum([...referencedUrls]),
    allJs: sum([...bodies.keys()]),
  };
}

/** A csrf cookie and a login body the server accepts, checked with one real login first. */
async function prepareLogin(server: RunningServer) {
  const page = await fetch(`${server.url}/login`);
  await page.arrayBuffer();
  const csrfCookie = cookiesOf(page).find((c) => /kapok_csrf=/.test(c));
  if (!csrfCookie) throw new Error("GET /login set no csrf cookie");
  const csrf = decodeURIComponent(csrfCookie.split("=")[1]!);
  const headers = {
    Origin: server.url,
    Cookie: csrfCookie,
    "Content-Type": "application/x-www-form-urlencoded",
  };
  const body = new URLSearchParams({ csrf, website: "", redirectTo: "/account", ...demoLogin }).toString();
  const check = await fetch(`${server.url}/login`, { method: "POST", headers, body, redirect: "manual" });
  await check.arrayBuffer();
  const session = cookiesOf(check).some((c) => /kapok_session=[a-z2-7]+/.test(c));
  if (check.status !== 302 || !session) {
    throw new Error(
      `a login as ${demoLogin.identifier} answered ${check.status} without a session (is the demo seeded?)`,
    );
  }
  return { headers, body };
}

/** Bare `verifyPassword` at the same concurrency as the HTTP run, in this process: the argon2 bound. */
async function measureVerifyPassword(): Promise<VerifyFigures> {
  const { hashPassword, verifyPassword } = await import("~/modules/accounts/password.server");
  const { env } = await import("~/lib/env.server");
  const hash = await hashPassword(demoLogin.password);
  const runFor = async (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    let calls = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          if (!(await verifyPassword(hash, demoLogin.password))) throw new Error("verifyPassword said no");
          calls++;
        }
      }),
    );
    return calls;
  };
  await runFor(WARMUP_SECONDS);
  const started = performance.now();
  const calls = await runFor(SECONDS);
  return {
    callsPerSecond: calls / ((performance.now() - started) / 1000),
    concurrency: CONNECTIONS,
    argon2Slots: env.KAPOK_ARGON2_CONCURRENCY,
  };
}

async function benchEngine(options: {
  engine: "pglite" | "postgres";
  buildDir: string;
  storage: Record<string, string>;
  wantPageWeight: boolean;
}): Promise<{ figures: EngineFigures; pageWeight?: PageWeight }> {
  const { engine, buildDir, storage } = options;
  const env = { KAPOK_BUILD_DIR: buildDir, ...storage };
  const port = await freePort();

  log(`${engine}: cold start (empty database: migrate, seed, listen)…`);
  const cold = await startServer({ port, env });
  const coldStartMs = cold.firstOkMs;
  const coldReadyMs = cold.readyMs;
  await cold.stop();

  log(`${engine}: warm start (existing database)…`);
  const server = await startServer({ port, env });
  let pageWeight: PageWeight | undefined;
  let figures: EngineFigures;
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssAfterStartMiB = server.rssMiB();
    if (options.wantPageWeight) pageWeight = await measurePageWeight(server.url);

    log(
      `${engine}: GET / and GET /healthz, ${CONNECTIONS} connections, ${WARMUP_SECONDS}+${SECONDS} s each…`,
    );
    const home = await load(
      { url: `${server.url}/`, connections: CONNECTIONS },
      { warmupSeconds: WARMUP_SECONDS, seconds: SECONDS },
    );
    const healthz = await load(
      { url: `${server.url}/healthz`, connections: CONNECTIONS },
      { warmupSeconds: WARMUP_SECONDS, seconds: SECONDS },
    );
    figures = {
      engine,
      coldStartMs,
      coldReadyMs,
      warmStartMs: server.firstOkMs,
      warmReadyMs: server.readyMs,
      rssAfterStartMiB,
      home,
      healthz,
      homeOverHealthz: home.requestsPerSecond / healthz.requestsPerSecond,
      rssAfterHomeLoadMiB: server.rssMiB(),
    };
  } finally {
    await server.stop();
  }

  // Rate limits would refuse a burst of logins on one account; they can be off only outside production,
  // so this server runs with NODE_ENV=test. A successful login renders nothing (302), so React's
  // development build does not enter the figure.
  log(`${engine}: POST /login as ${demoLogin.identifier}, ${CONNECTIONS} connections…`);
  const loginServer = await startServer({
    port,
    env: { ...env, NODE_ENV: "test", KAPOK_RATE_LIMITS: "off" },
  });
  try {
    const { headers, body } = await prepareLogin(loginServer);
    const login = await load(
      { url: `${loginServer.url}/login`, method: "POST", headers, body, connections: CONNECTIONS },
      { warmupSeconds: WARMUP_SECONDS, seconds: SECONDS },
    );
    figures.login = { ...login, account: demoLogin.identifier };
    figures.rssAfterLoginLoadMiB = loginServer.rssMiB();
  } catch (error) {
    figures.loginError = (error as Error).message;
    log(`${engine}: login skipped: ${figures.loginError}`);
  } finally {
    await loginServer.stop();
  }
  if (figures.login) {
    log(`${engine}: verifyPassword in-process, ${CONNECTIONS} concurrent callers…`);
    figures.verifyPassword = await measureVerifyPassword();
    figures.loginOverVerify = figures.login.requestsPerSecond / figures.verifyPassword.callsPerSecond;
  }
  return { figures, pageWeight };
}

export async function runFoundation(): Promise<FoundationResults> {
  const root = tempRoot("kapok-bench");
  const buildDir = tempBuildDir("kapok-bench");
  const databases: TempDatabase[] = [];
  const cleanup = async () => {
    for (const database of databases.splice(0)) {
      await database.drop().catch((error: Error) => log(`drop ${database.name}: ${error.message}`));
    }
    rmSync(root, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };
  // Ctrl-C also reaches the servers (same process group), which shut down on their own; drop what we made.
  const interrupted = () => {
    log("interrupted; cleaning up…");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  try {
    log("building into a temporary folder…");
    const buildMs = buildApp(buildDir);
    const engines: EngineFigures[] = [];
    const failures: FoundationResults["failures"] = [];
    let pageWeight: PageWeight | undefined;
    const attempt = async (
      engine: EngineFigures["engine"],
      work: () => Promise<{ figures: EngineFigures; pageWeight?: PageWeight }>,
    ) => {
      try {
        const outcome = await work();
        engines.push(outcome.figures);
        pageWeight ??= outcome.pageWeight;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ engine, error: message });
        log(`${engine}: failed: ${message}`);
      }
    };
    await attempt("pglite", () =>
      benchEngine({
        engine: "pglite",
        buildDir,
        storage: { DATABASE_URL: "", KAPOK_DATA_DIR: path.join(root, "data") },
        wantPageWeight: true,
      }),
    );
    if (process.env.DATABASE_URL) {
      const databaseUrl = process.env.DATABASE_URL;
      await attempt("postgres", async () => {
        const database = await createTempDatabase(databaseUrl, "kapok_bench");
        databases.push(database);
        log(`postgres: database ${database.name}`);
        return await benchEngine({
          engine: "postgres",
          buildDir,
          storage: { DATABASE_URL: database.url, KAPOK_DEMO: "on" },
          wantPageWeight: !pageWeight,
        });
      });
    }
    return {
      suite: "foundation",
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
      settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS },
      buildMs,
      pageWeight,
      engines,
      failures,
    };
  } finally {
    process.off("SIGINT", interrupted);
    await cleanup();
  }
}

const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${(ms / 1000).toFixed(2)} s`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const rate = (r: LoadResult | undefined) =>
  r
    ? `${r.requestsPerSecond.toFixed(0)} req/s (p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms)`
    : "–";
const statusNote = (r: LoadResult | undefined, expected: "2xx" | "3xx") => {
  if (!r) return "";
  const other = Object.entries(r.statuses).filter(([k, v]) => k !== expected && v > 0);
  const bits = other.map(([k, v]) => `${v} ${k}`);
  if (r.errors) bits.push(`${r.errors} errors`);
  return bits.length ? `  ⚠ ${bits.join(", ")}` : "";
};

export function formatFoundation(results: FoundationResults): string {
  const names = results.engines.map((e) => (e.engine === "pglite" ? "PGlite" : "PostgreSQL"));
  const rows: Array<[string, ...string[]]> = [];
  const row = (label: string, pick: (e: EngineFigures) => string) =>
    rows.push([label, ...results.engines.map(pick)]);
  row(
    "cold start → first 200 of / (kapok: ready)",
    (e) => `${seconds(e.coldStartMs)} (${seconds(e.coldReadyMs)})`,
  );
  row(
    "warm start → first 200 of / (kapok: ready)",
    (e) => `${seconds(e.warmStartMs)} (${seconds(e.warmReadyMs)})`,
  );
  row("GET / (anonymous)", (e) => rate(e.home) + statusNote(e.home, "2xx"));
  row("GET /healthz", (e) => rate(e.healthz) + statusNote(e.healthz, "2xx"));
  row("home ÷ healthz (aim ≥ 0.3)", (e) => e.homeOverHealthz.toFixed(2));
  row("POST /login (302 + session)", (e) =>
    e.login ? rate(e.login) + statusNote(e.login, "3xx") : `skipped: ${e.loginError}`,
  );
  row(`verifyPassword in-process (${CONNECTIONS} callers)`, (e) =>
    e.verifyPassword
      ? `${e.verifyPassword.callsPerSecond.toFixed(1)} calls/s (${e.verifyPassword.argon2Slots} argon2 slots)`
      : "–",
  );
  row("login ÷ verifyPassword (argon2 bound)", (e) =>
    e.loginOverVerify === undefined ? "–" : e.loginOverVerify.toFixed(2),
  );
  row("RSS after start", (e) => `${e.rssAfterStartMiB.toFixed(0)} MiB`);
  row("RSS after GET / + /healthz load", (e) => `${e.rssAfterHomeLoadMiB.toFixed(0)} MiB`);
  row("RSS after login load (separate server)", (e) =>
    e.rssAfterLoginLoadMiB === undefined ? "–" : `${e.rssAfterLoginLoadMiB.toFixed(0)} MiB`,
  );
  const header: [string, ...string[]] = ["", ...names];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  │  ")
      .trimEnd();
  const out = [
    `Kapok bench · foundation · ${results.date} · node ${results.machine.node} · ${results.machine.cpus} CPUs`,
    `${results.settings.connections} connections, ${results.settings.warmupSeconds} s warm-up + ${results.settings.seconds} s per run; build ${seconds(results.buildMs)}`,
    "",
    line(header),
    widths.map((w) => "─".repeat(w)).join("──┼──"),
    ...rows.map(line),
  ];
  for (const failure of results.failures)
    out.push("", `${failure.engine === "pglite" ? "PGlite" : "PostgreSQL"} run failed: ${failure.error}`);
  const weight = results.pageWeight;
  if (weight) {
    out.push(
      "",
      "Home page weight (anonymous, gzip = zlib default level)",
      `  HTML                                   ${kib(weight.html.raw)} raw, ${kib(weight.html.gzip)} gzip`,
      `  JS named by the page (${weight.referencedJs.files} files)        ${kib(weight.referencedJs.raw)} raw, ${kib(weight.referencedJs.gzip)} gzip`,
      `  JS incl. imported chunks (${weight.allJs.files} files)    ${kib(weight.allJs.raw)} raw, ${kib(weight.allJs.gzip)} gzip`,
    );
  }
  return out.join("\n");
}
