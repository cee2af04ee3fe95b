import { startPeriodicJob } from "~/lib/periodic-job.server";
import { remindOverdueMatters } from "./remind-overdue.server";

/** Reminds the committee of matters past their response deadline, once now and then every minute. */
export function startOverdueJob({
  intervalMs = 60_000,
  log = (line: string) => console.log(line),
}: { intervalMs?: number; log?: (line: string) => void } = {}) {
  return startPeriodicJob({
    name: "overdue matter reminders",
    intervalMs,
    log,
    run: async () => {
      const n = await remindOverdueMatters();
      return n > 0 ? `kapok: ${n} overdue matter(s): the committee was reminded` : null;
    },
  });
}
