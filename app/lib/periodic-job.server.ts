/**
 * Runs `run` once now and then every `intervalMs`, never two runs at once in this process. Failures are
 * logged, never thrown (the next tick tries again). The timer is unref'd so it never keeps the process
 * alive; the returned function stops it and waits for a run in progress, so the database can be closed
 * right after.
 */
export function startPeriodicJob({
  name,
  run,
  intervalMs,
  log,
}: {
  /** What failed, in the log line: "proposal expiry". */
  name: string;
  /** One run; returns a line to log, or null when there is nothing worth saying. */
  run: () => Promise<string | null>;
  intervalMs: number;
  log: (line: string) => void;
}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = run()
      .then((line) => {
        if (line) log(line);
      })
      .catch((error: unknown) => {
        log(`kapok: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
