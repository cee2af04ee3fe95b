import { expireProposals } from "./expire-proposals.server";

/**
 * Expires proposals whose support window has passed, once now and then every `intervalMs`. Pages
 * already show such a proposal as expired and refuse supports before the sweep; the sweep makes the
 * status, the timeline and the notification true. Safe on several servers at once: the update is
 * conditional. The returned function stops it and waits for a run in progress.
 */
export function startExpiryJob({
  intervalMs = 60_000,
  log = (line: string) => console.log(line),
}: { intervalMs?: number; log?: (line: string) => void } = {}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (stopped || running) return;
    running = expireProposals()
      .then((n) => {
        if (n > 0) log(`kapok: ${n} proposal(s) expired without enough supports`);
      })
      .catch((error: unknown) => {
        log(`kapok: proposal expiry failed: ${error instanceof Error ? error.message : String(error)}`);
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
