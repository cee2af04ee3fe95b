import { startPeriodicJob } from "~/lib/periodic-job.server";
import { expireProposals } from "./expire-proposals.server";

/**
 * Expires proposals whose support window has passed, once now and then every `intervalMs`. Pages
 * already show such a proposal as expired and refuse supports before the sweep; the sweep makes the
 * status, the timeline and the notification true. Safe on several servers at once: the update is
 * conditional.
 */
export function startExpiryJob({
  intervalMs = 60_000,
  log = (line: string) => console.log(line),
}: { intervalMs?: number; log?: (line: string) => void } = {}) {
  return startPeriodicJob({
    name: "proposal expiry",
    intervalMs,
    log,
    run: async () => {
      const n = await expireProposals();
      return n > 0 ? `kapok: ${n} proposal(s) expired without enough supports` : null;
    },
  });
}
