import { count } from "drizzle-orm";
import { expect, test } from "vitest";
import { consultations, meetingRegistrations, outcomes } from "~db/schema/consultations";
import { matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { seedDemoParticipation } from "./seed-demo-participation.server";
import { seedDemo } from "./seed-demo.server";

test("the demo has matters at every stage, an open consultation with a meeting and a published outcome, once", async () => {
  await seedDemo({ log: () => {} });
  await seedDemoParticipation({ log: () => {} });
  const statuses = (await db.select({ status: matters.status }).from(matters)).map((m) => m.status);
  for (const s of ["raised", "acknowledged", "answered", "referred", "consulting"])
    expect(statuses, s).toContain(s);
  const now = Date.now();
  const all = await db.select().from(consultations);
  expect(all.filter((c) => c.status === "published" && c.closesAt.getTime() > now)).toHaveLength(1);
  expect(all.filter((c) => c.closesAt.getTime() < now)).toHaveLength(1);
  const [published] = await db.select().from(outcomes);
  expect(published?.title).toBeTruthy();
  const attended = (await db.select().from(meetingRegistrations)).filter((r) => r.checkedInAt);
  expect(attended).toHaveLength(1);

  await seedDemoParticipation({ log: () => {} });
  const [again] = await db.select({ n: count() }).from(consultations);
  expect(again!.n).toBe(all.length);
});
