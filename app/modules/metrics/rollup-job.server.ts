import { startPeriodicJob } from "~/lib/periodic-job.server";
import { runRollup } from "./rollup.server";

/**
 * The rollup inside the server, for the embedded database (nothing else can schedule it there): one run
 * now, then one every `intervalMs`, never two at once in this process.
 */
export function startRollupJob({
  intervalMs = 30_000,
  log = (line: string) => console.log(line),
}: { intervalMs?: number; log?: (line: string) => void } = {}) {
  return startPeriodicJob({
    name: "engagement rollup",
    intervalMs,
    log,
    run: async () => {
      // Small chunks: on the embedded database each chunk is a transaction that requests wait behind.
      const result = await runRollup({ chunkSize: 10_000 });
      return result.events >= 10_000 ? `kapok: rolled up ${result.events} events in ${result.ms} ms` : null;
    },
  });
}
