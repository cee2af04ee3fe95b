import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { db } from "~/lib/db.server";
import { seedDemoActivity } from "./demo-activity.server";
import { getEngagement, isGeneratedActivityPresent } from "./queries.server";

test("demo activity: generated, marked as such, rolled up, and written once", async () => {
  expect(await isGeneratedActivityPresent()).toBe(false);
  const first = await seedDemoActivity({ log: () => {}, events: 800 });
  expect(first?.events).toBe(800);
  expect(await seedDemoActivity({ log: () => {}, events: 800 })).toBeNull();
  expect(await isGeneratedActivityPresent()).toBe(true);

  const [counts] = rowsOf<{ all: number; generated: number }>(
    await db.execute(
      sql`select count(*)::int as all, count(*) filter (where meta->>'generated' = 'true')::int as generated from participation_events`,
    ),
  );
  expect(counts).toEqual({ all: 800, generated: 800 });
  // Everything generated lies in the last 365 days and is already counted at city level.
  const today = new Date();
  const from = new Date(today.getTime() - 400 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  const city = await getEngagement({ areaCode: "4401", from, to });
  expect(city?.events).toBe(800);
  expect(city?.participants).toBeGreaterThan(0);
  // Generated residents make breadth computable at every level, and the report says where they come from.
  expect(city?.eligibleSource).toBe("generated");
  const [busiest] = rowsOf<{ code: string }>(
    await db.execute(sql`select a.code from engagement_rollups r join areas a on a.id = r.area_id
      where a.level = 'community' and r.grain = 'year' and r.kind <> '*' group by a.code order by sum(r.events) desc limit 1`),
  );
  const community = await getEngagement({ areaCode: busiest!.code, from, to });
  expect(community?.eligibleSource).toBe("generated");
  expect(community?.components.find((c) => c.key === "breadth")?.noData).toBe(false);
});
