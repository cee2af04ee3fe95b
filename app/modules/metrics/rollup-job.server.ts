import { runRollup } from "./rollup.server";

/**
 * The rollup inside the server, for the embedded database (nothing else can schedule it there): one run
 * now, then one every `intervalMs`, never two at once in this process. The timer is unref'd so it never
 * keeps the process alive. The returned function stops it and waits for a run in progress, so the
 * database can be closed right after.
 */
export function startRollupJob({
  intervalMs = 30_000,
  log = (line: string) => console.log(line),
}: { intervalMs?: number; log?: (line: string) => void } = {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const tick = () => {
    if (stopped || running) return;
    // Small chunks: on the embedded database each chunk is a transaction that requests wait behind.
    running = runRollup({ chunkSize: 10_000 })
      .then((result) => {
        if (result.events >= 10_000) log(`kapok: rolled up ${result.events} events in ${result.ms} ms`);
      })
      .catch((error: unknown) => {
        log(`kapok: engagement rollup failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        running = null;
      });
  };

  tick();
  timer = setInterval(tick, intervalMs);
  timer.unref();

  return async () => {
    stopped = true;
    if (timer) clearInterval(timer);
    timer = null;
    await running;
  };
}
