import { closeDb, dbHandle } from "~/lib/db.server";

/** `npm run kapok -- rollup`: one incremental run, for a scheduler (cron, systemd timer) with PostgreSQL. */
export async function run(_args: string[]) {
  try {
    await dbHandle();
    const { runRollup } = await import("~/modules/metrics/rollup.server");
    const result = await runRollup();
    const rate = result.events > 0 ? `, ${Math.round(result.events / (result.ms / 1000))} events/s` : "";
    console.log(
      `kapok: rollup processed ${result.events} events in ${result.ms} ms${rate} (ledger id ${result.lastEventId})`,
    );
  } finally {
    await closeDb();
  }
}
