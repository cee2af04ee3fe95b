import { count } from "drizzle-orm";
import { expect, test } from "vitest";
import { livelihoodProjects, livelihoodSchemes, proposals } from "~db/schema/livelihood";
import { voteResults } from "~db/schema/voting";
import { db } from "~/lib/db.server";
import { schemePhase } from "~/modules/livelihood/scheme-phase";
import { seedDemoLivelihood } from "./seed-demo-livelihood.server";
import { seedDemo } from "./seed-demo.server";

test("the demo has a livelihood scheme at every stage, made through the use-cases, once", async () => {
  await seedDemo({ log: () => {} });
  await seedDemoLivelihood({ log: () => {} });
  const schemes = await db.select().from(livelihoodSchemes);
  const now = new Date();
  expect(schemes.map((s) => schemePhase(s, now)).sort()).toEqual(
    ["collecting", "counting", "implementing", "notice", "voting"].sort(),
  );
  const statuses = (await db.select({ status: proposals.status }).from(proposals)).map((p) => p.status);
  for (const status of [
    "draft",
    "collecting",
    "screening",
    "eligible",
    "ineligible",
    "selected",
    "not_selected",
  ])
    expect(statuses, status).toContain(status);
  const projects = await db.select().from(livelihoodProjects);
  expect(projects.map((p) => p.status).sort()).toEqual(["accepted", "implementing", "implementing"]);
  expect(projects.map((p) => p.track)).toContain("delayed");
  const [results] = await db.select({ n: count() }).from(voteResults);
  expect(results!.n).toBeGreaterThanOrEqual(2);

  // A second run adds nothing.
  await seedDemoLivelihood({ log: () => {} });
  const [again] = await db.select({ n: count() }).from(livelihoodSchemes);
  expect(again!.n).toBe(schemes.length);
  const [notice] = schemes.filter((s) => schemePhase(s, now) === "notice");
  expect(notice!.noticeEndsAt!.getTime()).toBeLessThan(now.getTime());
});
