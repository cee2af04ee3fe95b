// A production Kapok server as a child process the benchmarks can time, load, measure and stop.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { repoRoot } from "../e2e/harness";

export interface RunningServer {
  url: string;
  pid: number;
  /** From spawn to the first 200 of `/`. */
  firstOkMs: number;
  /** What Kapok itself reported ("ready in N ms"), if it did. */
  readyMs: number | undefined;
  rssMiB: () => number;
  stop: () => Promise<void>;
}

/** VmRSS of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function stopProcess(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * `kapok start --no-build` run by node itself (tsx as an import hook), so the pid is the server's own and
 * its RSS is the server's, not a wrapper's.
 */
export async function startServer({
  port,
  env,
  nodeArgs = [],
}: {
  port: number;
  env: Record<string, string>;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "app/cli/kapok.ts", "start", "--no-build"], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let readyMs: number | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const ready = /ready in (\d+) ms/.exec(output);
    if (ready) readyMs = Number(ready[1]);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (performance.now() > deadline) {
      await stopProcess(child);
      throw new Error(`the server did not answer within 180 s:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const firstOkMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    firstOkMs,
    get readyMs() {
      return readyMs;
    },
    rssMiB: () => rssMiB(child.pid!),
    stop: () => stopProcess(child),
  };
}
