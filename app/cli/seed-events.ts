import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { closeDb } from "~/lib/db.server";
import { migrate } from "./migrate";

/**
 * `npm run kapok -- seed-events --events 10000000 [--days 365] [--seed 1] [--people N] [--no-rollup]`:
 * generated participation events over the city (COPY on PostgreSQL), then the rollup.
 */
export async function run(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      events: { type: "string", default: "1000000" },
      days: { type: "string", default: "365" },
      seed: { type: "string", default: "1" },
      "event-seed": { type: "string" },
      people: { type: "string" },
      "no-rollup": { type: "boolean", default: false },
    },
  });
  const events = Number(values.events);
  const days = Number(values.days);
  const seed = Number(values.seed);
  if (
    !Number.isInteger(events) ||
    events <= 0 ||
    !Number.isInteger(days) ||
    days <= 0 ||
    !Number.isInteger(seed)
  ) {
    throw new Error("kapok: --events and --days must be positive whole numbers, --seed a whole number");
  }
  try {
    await migrate();
    const { seedGuangzhou } = await import("~/modules/geography/seed-guangzhou.server");
    await seedGuangzhou({ log: console.log });
    const { seedEvents } = await import("~/modules/metrics/seed-events.server");
    const bar = new SingleBar(
      { format: "events  {bar} {percentage}% | {value}/{total} | {rate}/s | eta {eta}s", etaBuffer: 50 },
      Presets.shades_classic,
    );
    bar.start(events, 0, { rate: 0 });
    const started = performance.now();
    const result = await seedEvents({
      events,
      days,
      seed,
      eventSeed: values["event-seed"] ? Number(values["event-seed"]) : undefined,
      people: values.people ? Number(values.people) : undefined,
      onProgress: (done) =>
        bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) }),
    });
    bar.stop();
    console.log(
      `kapok: ${result.events} events by ${result.people} generated people written in ${(result.ms / 1000).toFixed(1)} s (${result.eventsPerSecond} events/s, ${result.engine === "postgres" ? "COPY FROM STDIN" : "PGlite COPY from memory"})`,
    );
    if (values["no-rollup"]) return;
    const { runRollup } = await import("~/modules/metrics/rollup.server");
    const rollupBar = new SingleBar(
      { format: "rollup  {bar} {percentage}% | {value}/{total} events | {rate}/s" },
      Presets.shades_classic,
    );
    const rollStarted = performance.now();
    let startedBar = false;
    const rolled = await runRollup({
      onProgress: (done, lastId, maxId) => {
        if (!startedBar) {
          rollupBar.start(Math.max(1, maxId - lastId + done), 0, { rate: 0 });
          startedBar = true;
        }
        rollupBar.update(done, { rate: Math.round(done / ((performance.now() - rollStarted) / 1000)) });
      },
    });
    if (startedBar) rollupBar.stop();
    console.log(
      `kapok: rollup processed ${rolled.events} events in ${(rolled.ms / 1000).toFixed(1)} s (${Math.round(rolled.events / (rolled.ms / 1000))} events/s)`,
    );
  } finally {
    await closeDb();
  }
}
