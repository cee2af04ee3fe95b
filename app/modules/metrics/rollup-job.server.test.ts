import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { rowsOf } from "~db/client";
import { participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { startRollupJob } from "./rollup-job.server";

async function cursor() {
  const [row] = rowsOf<{ last_event_id: number }>(
    await db.execute(sql`select last_event_id from rollup_cursors where name = 'engagement'`),
  );
  return Number(row?.last_event_id ?? 0);
}

test("the background job folds new events within its interval, and stops cleanly", async () => {
  const [grid] = rowsOf<{ id: number }>(
    await db.execute(sql`select id from areas where level = 'grid' limit 1`),
  );
  const logs: string[] = [];
  const stop = startRollupJob({ intervalMs: 100, log: (line) => logs.push(line) });
  const [inserted] = await db
    .insert(participationEvents)
    .values({
      kind: "comment.posted",
      actorPseudonym: "job",
      areaId: Number(grid!.id),
      subjectType: "test",
      subjectId: "1",
    })
    .returning({ id: participationEvents.id });
  const deadline = Date.now() + 10_000;
  while ((await cursor()) < inserted!.id && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect(await cursor()).toBeGreaterThanOrEqual(inserted!.id);
  await stop();
  // After stop, nothing runs any more.
  await db.insert(participationEvents).values({
    kind: "comment.posted",
    actorPseudonym: "job",
    areaId: Number(grid!.id),
    subjectType: "test",
    subjectId: "2",
  });
  await new Promise((r) => setTimeout(r, 300));
  expect(await cursor()).toBe(inserted!.id);
  expect(logs.filter((l) => l.includes("failed"))).toEqual([]);
});
