/**
 * Ballots per second through the whole HTTP stack — session cookie, Origin and CSRF checks, form
 * parsing, validation against the scheme and its proposals, and one transaction (roll + ballot +
 * participation event) — divided by the same transaction sent straight to PostgreSQL with postgres.js
 * at the same concurrency. Each voter casts once (a first cast: all three writes), so every request is
 * a different resident with their own session.
 *
 * PostgreSQL only (the baseline talks to it directly): set DATABASE_URL to a server where a temporary
 * database may be created; it is dropped afterwards. Sizes: KAPOK_BENCH_VOTERS (default 400, at least
 * 200), KAPOK_BENCH_CONCURRENCY (default 20). A build is made in a temporary folder unless
 * KAPOK_BENCH_BUILD_DIR names an existing `remix build` output.
 *
 * Both sides are warmed up first with the same number of ballots on schemes of their own (JIT, pool
 * connections, prepared statements), then timed on a fresh scheme. The server runs in production mode.
 * Each side also reports the CPU it used per ballot: the bench process (the HTTP client, or postgres.js
 * for the baseline), the server, and the rest of the machine (mostly PostgreSQL) — on a small machine
 * all of them share the cores, which is what limits both figures.
 *
 * Run alone with `npx tsx tests/bench/vote-http.ts`; `npm run bench -- vote` runs it after the count bench.
 */
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { buildApp, createTempDatabase, freePort, tempBuildDir, type TempDatabase } from "../e2e/harness";
import { startServer, type RunningServer } from "./server";

export interface Timing {
  ballots: number;
  seconds: number;
  ballotsPerSecond: number;
  p50: number;
  p95: number;
  failures: number;
  /** CPU milliseconds per ballot: this process, the server process (HTTP only), the rest of the machine. */
  cpuPerBallot: { bench: number; server: number | null; others: number };
}

export interface VoteHttpResults {
  suite: "vote-http";
  voters: number;
  concurrency: number;
  http: Timing;
  direct: Timing;
  /** http ÷ direct ballots per second. */
  ratio: number;
  /** After the HTTP run: rows in the roll, ballots, ballot.cast events of the scheme (each should equal voters). */
  check: { roll: number; ballots: number; events: number };
}

function log(line: string) {
  process.stderr.write(`bench: ${line}\n`);
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ticksPerMs = 100 / 1000; // USER_HZ on Linux

/** Busy CPU of the whole machine and of one process, in ms (Linux /proc); zeros elsewhere. */
function cpuSnapshot(pid?: number) {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - fields[3]! - fields[4]!;
    let proc = 0;
    if (pid) {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      proc = Number(after[11]) + Number(after[12]); // utime, stime
    }
    return { machineMs: busy / ticksPerMs, procMs: proc / ticksPerMs };
  } catch {
    return { machineMs: 0, procMs: 0 };
  }
}

/**
 * Runs `work(i)` for i in 0..n-1 with `concurrency` workers; latency of each call in ms, and the CPU
 * used meanwhile by this process, by the server (`serverPid`) and by everything else.
 */
async function drive(
  n: number,
  concurrency: number,
  work: (i: number) => Promise<boolean>,
  serverPid?: number,
): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const machine0 = cpuSnapshot(serverPid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const t0 = performance.now();
        const ok = await work(i).catch((error: unknown) => {
          if (failures < 3) log(`failure: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        });
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const machine1 = cpuSnapshot(serverPid);
  const used = process.cpuUsage(cpu0);
  const benchMs = (used.user + used.system) / 1000;
  const serverMs = serverPid ? machine1.procMs - machine0.procMs : 0;
  latencies.sort((a, b) => a - b);
  return {
    ballots: n - failures,
    seconds,
    ballotsPerSecond: (n - failures) / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    failures,
    cpuPerBallot: {
      bench: benchMs / n,
      server: serverPid ? serverMs / n : null,
      others: Math.max(0, machine1.machineMs - machine0.machineMs - benchMs - serverMs) / n,
    },
  };
}

/** Voters, a scheme in its voting window and proposals, made through the app's own test fixtures. */
async function seed(voters: number) {
  const { makeAreaTree, makeStaff } = await import("../helpers/residency-fixtures");
  const { makeProposal, makeResident, makeScheme } = await import("../helpers/livelihood-fixtures");
  const { createSession } = await import("~/modules/accounts/session.server");
  const { db } = await import("~/lib/db.server");
  const tree = await makeAreaTree();
  const author = await makeStaff("committee_member", tree.C.id, "出题人");
  const schemes = [];
  // Measured over HTTP, measured direct, warm-up over HTTP, warm-up direct.
  for (let s = 0; s < 4; s++) {
    const scheme = await makeScheme(tree.S.id, { phase: "voting", budgetMinor: 100_000_00 });
    const proposals = [];
    for (let p = 0; p < 8; p++) {
      proposals.push(
        await makeProposal(scheme, author, tree.C.id, {
          status: "eligible",
          title: `项目 ${p + 1}`,
          estimatedCostMinor: (10_000 + p * 2_500) * 100,
        }),
      );
    }
    schemes.push({ id: scheme.id, proposals: proposals.map((p) => p.id) });
  }
  const residents = [];
  for (let i = 0; i < voters; i++) {
    const resident = await makeResident(tree.C.id, `投票人${i}`, i % 2 ? tree.G.id : tree.G2.id);
    const { token } = await createSession(db, { userId: resident.id, kind: "resident" });
    residents.push({ id: resident.id, token, areaId: i % 2 ? tree.G.id : tree.G2.id });
  }
  return { schemes, residents };
}

type Scheme = { id: string; proposals: string[] };

type Post = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<{ status: number; location: string | undefined }>;

/** node:http with a keep-alive agent of `sockets` connections; the body is read and dropped. */
function postWithHttp(sockets: number): Post {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (url, body, headers) =>
    new Promise((resolve, reject) => {
      const request = httpRequest(
        url,
        { method: "POST", agent, headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } },
        (response) => {
          response.resume();
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, location: response.headers.location }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}

const postWithFetch: Post = async (url, body, headers) => {
  const response = await fetch(url, { method: "POST", redirect: "manual", headers, body });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("Location") ?? undefined };
};

/** A ballot of 1–3 proposals within the budget, different for each voter. */
function choicesFor(proposals: string[], i: number) {
  const count = 1 + (i % 3);
  return Array.from({ length: count }, (_, k) => proposals[(i + k * 3) % proposals.length]!);
}

export async function runVoteHttpBench(): Promise<VoteHttpResults | null> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl?.startsWith("postgres")) {
    log("vote-http: skipped (set DATABASE_URL to a PostgreSQL server; the baseline talks to it directly)");
    return null;
  }
  const voters = Math.max(200, Number(process.env.KAPOK_BENCH_VOTERS ?? 400));
  const concurrency = Math.max(1, Number(process.env.KAPOK_BENCH_CONCURRENCY ?? 20));
  const givenBuild = process.env.KAPOK_BENCH_BUILD_DIR;
  const buildDir = givenBuild && existsSync(givenBuild) ? givenBuild : tempBuildDir("kapok-vote-bench");
  let database: TempDatabase | undefined;
  let server: RunningServer | undefined;
  let direct: postgres.Sql | undefined;
  try {
    if (buildDir !== givenBuild) {
      log("vote-http: building into a temporary folder…");
      buildApp(buildDir);
    }
    database = await createTempDatabase(databaseUrl, "kapok_vote_bench");
    log(`vote-http: database ${database.name}; starting the server (migrates)…`);
    // Production mode, as deployed (rate limits stay on: casting takes no rate-limit slot). Only the
    // cookies lose `Secure`/`__Host-`, because the bench talks plain HTTP on the loopback.
    // KAPOK_BENCH_PROFILE=<dir> writes the server's CPU profile there (node --cpu-prof) for a look.
    const profileDir = process.env.KAPOK_BENCH_PROFILE;
    server = await startServer({
      port: await freePort(),
      ...(profileDir ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] } : {}),
      env: {
        KAPOK_BUILD_DIR: buildDir,
        DATABASE_URL: database.url,
        NODE_ENV: "production",
        KAPOK_SECURE_COOKIES: "off",
        // The same number of connections as the baseline's postgres.js pool, so both sides may have
        // `concurrency` transactions in flight.
        DATABASE_POOL_SIZE: String(concurrency),
      },
    });

    log(`vote-http: seeding ${voters} residents with sessions…`);
    process.env.DATABASE_URL = database.url;
    const { schemes, residents } = await seed(voters);

    const [httpScheme, directScheme, httpWarmScheme, directWarmScheme] = schemes as [
      Scheme,
      Scheme,
      Scheme,
      Scheme,
    ];

    // The client: node's own http with keep-alive sockets, one per worker, which costs this process far
    // less CPU per request than fetch (undici); on a small machine the client shares the cores with the
    // server and PostgreSQL. KAPOK_BENCH_CLIENT=fetch uses fetch instead, for comparison.
    const csrf = randomBytes(24).toString("base64url");
    const post = process.env.KAPOK_BENCH_CLIENT === "fetch" ? postWithFetch : postWithHttp(concurrency);
    const cast = (scheme: Scheme) => async (i: number) => {
      const resident = residents[i]!;
      const body = new URLSearchParams({ csrf, intent: "cast" });
      for (const id of choicesFor(scheme.proposals, i)) body.append("proposalIds", id);
      // A plain form post, as a browser without JavaScript sends it: answered by a redirect to the
      // confirmation page (not followed here; its loaders are the page's, not the ballot's).
      const { status, location } = await post(`${server!.url}/schemes/${scheme.id}/vote`, body.toString(), {
        Origin: server!.url,
        Cookie: `kapok_session=${resident.token}; kapok_csrf=${csrf}`,
        "Content-Type": "application/x-www-form-urlencoded",
      });
      const ok = status === 302 && (location ?? "").endsWith("/vote?cast=1");
      if (!ok) throw new Error(`HTTP ${status} for voter ${i}`);
      return true;
    };

    // The same transaction straight to PostgreSQL: keyed token, receipt hash, pseudonym computed here
    // as the app computes them; no session, no CSRF, no validation reads.
    direct = postgres(database.url, { max: concurrency, onnotice: () => {} });
    const key = randomBytes(32);
    const castDirect = (scheme: Scheme) => async (i: number) => {
      const resident = residents[i]!;
      const token = createHmac("sha256", key).update(`${scheme.id}:${resident.id}`).digest("hex");
      const receipt = createHash("sha256").update(randomUUID()).digest("hex");
      const pseudonym = createHmac("sha256", key).update(`pseudonym:${resident.id}`).digest("base64url");
      const choices = { kind: "select", proposalIds: choicesFor(scheme.proposals, i) };
      await direct!.begin(async (tx) => {
        const inserted = await tx`insert into ballot_voters (scheme_id, user_id, channel, first_cast_at)
          values (${scheme.id}, ${resident.id}, 'web', now()) on conflict do nothing returning user_id`;
        await tx`insert into ballots (scheme_id, voter_token, receipt_hash, choices, channel)
          values (${scheme.id}, ${token}, ${receipt}, ${tx.json(choices)}, 'web')
          on conflict (scheme_id, voter_token) do update set receipt_hash = excluded.receipt_hash, choices = excluded.choices`;
        if (inserted.length > 0) {
          await tx`insert into participation_events (kind, actor_pseudonym, area_id, subject_type, subject_id, channel, meta)
            values ('ballot.cast', ${pseudonym}, ${resident.areaId}, 'scheme', ${scheme.id}, 'web', ${tx.json({ method: "budget" })})`;
        }
      });
      return true;
    };

    // Warm-up of both sides with the same number of ballots, each on a scheme of its own: JIT, every
    // pool connection opened, statements prepared. Not counted, and not touching the measured schemes.
    const warm = Math.min(voters, 200);
    log(`vote-http: warm-up, ${warm} ballots each way…`);
    const warmHttp = await drive(warm, concurrency, cast(httpWarmScheme));
    const warmDirect = await drive(warm, concurrency, castDirect(directWarmScheme));
    if (warmHttp.failures || warmDirect.failures) throw new Error("the warm-up failed; see above");

    log(`vote-http: ${voters} ballots over HTTP, ${concurrency} at a time…`);
    const http = await drive(voters, concurrency, cast(httpScheme), server.pid);

    const [{ roll }] = await direct<
      [{ roll: number }]
    >`select count(*)::int as roll from ballot_voters where scheme_id = ${httpScheme.id}`;
    const [{ ballots }] = await direct<
      [{ ballots: number }]
    >`select count(*)::int as ballots from ballots where scheme_id = ${httpScheme.id}`;
    const [{ events }] = await direct<
      [{ events: number }]
    >`select count(*)::int as events from participation_events where kind = 'ballot.cast' and subject_id = ${httpScheme.id}`;

    log(`vote-http: ${voters} ballots straight to PostgreSQL (postgres.js), ${concurrency} at a time…`);
    const baseline = await drive(voters, concurrency, castDirect(directScheme));
    return {
      suite: "vote-http",
      voters,
      concurrency,
      http,
      direct: baseline,
      ratio: http.ballotsPerSecond / baseline.ballotsPerSecond,
      check: { roll, ballots, events },
    };
  } finally {
    await direct?.end();
    await server?.stop();
    await database?.drop().catch((error: Error) => log(`drop: ${error.message}`));
    if (buildDir !== givenBuild) rmSync(buildDir, { recursive: true, force: true });
  }
}

export function formatVoteHttp(r: VoteHttpResults): string {
  const ms = (value: number) => value.toFixed(2);
  const row = (label: string, t: Timing) =>
    `${label.padEnd(34)} ${t.ballotsPerSecond.toFixed(0).padStart(7)} ballots/s   p50 ${t.p50.toFixed(1).padStart(6)} ms   p95 ${t.p95.toFixed(1).padStart(6)} ms` +
    (t.failures ? `   ⚠ ${t.failures} failed` : "") +
    `\n${"".padEnd(34)} CPU per ballot: bench process ${ms(t.cpuPerBallot.bench)} ms` +
    (t.cpuPerBallot.server === null ? "" : `, server ${ms(t.cpuPerBallot.server)} ms`) +
    `, rest of the machine (PostgreSQL) ${ms(t.cpuPerBallot.others)} ms`;
  const okCheck = r.check.roll === r.voters && r.check.ballots === r.voters && r.check.events === r.voters;
  return [
    "",
    `Casting ballots, PostgreSQL · ${r.voters} voters, ${r.concurrency} concurrent`,
    row("HTTP (session, CSRF, validation)", r.http),
    row("same transaction, postgres.js", r.direct),
    `HTTP ÷ direct = ${r.ratio.toFixed(2)}`,
    `after the HTTP run: ${r.check.roll} on the roll, ${r.check.ballots} ballots, ${r.check.events} ballot.cast events ${okCheck ? "✓" : "⚠ expected " + r.voters + " each"}`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await runVoteHttpBench();
  if (results) console.log(formatVoteHttp(results));
  process.exit(0);
}
