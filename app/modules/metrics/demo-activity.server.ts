import { sql } from "drizzle-orm";
import { rowsOf } from "~db/client";
import { db } from "~/lib/db.server";
import { runRollup } from "./rollup.server";
import { seedEvents } from "./seed-events.server";

export const demoActivitySource = "demo";

/**
 * A year of generated activity for the demo city, so its dashboards show real shapes on first start.
 * Every event carries meta.generated = true and the run is recorded in generated_activity_runs, which
 * `isGeneratedActivityPresent()` reads so the pages can say the activity is generated. Idempotent: does
 * nothing when the demo activity is already there. Sized for PGlite (a few seconds at start).
 */
export async function seedDemoActivity({
  log,
  events = 20_000,
  focusPath = "/4401/440106/",
}: {
  log: (line: string) => void;
  events?: number;
  /** Communities under this path (天河区 by default, where the demo accounts live) are more active. */
  focusPath?: string;
}): Promise<{ events: number; ms: number } | null> {
  const existing = rowsOf<{ one: number }>(
    await db.execute(
      sql`select 1 as one from generated_activity_runs where source = ${demoActivitySource} limit 1`,
    ),
  );
  if (existing.length > 0) return null;
  const started = performance.now();
  const seeded = await seedEvents({
    events,
    days: 365,
    seed: 2026,
    people: Math.round(events / 12),
    focusPath,
    focusFactor: 20,
    source: demoActivitySource,
  });
  const rolled = await runRollup();
  const ms = Math.round(performance.now() - started);
  log(
    `kapok: demo activity: ${seeded.events} generated events (${seeded.people} people) written in ${seeded.ms} ms, rolled up in ${rolled.ms} ms`,
  );
  return { events: seeded.events, ms };
}
