import { seedDemoActivity } from "~/modules/metrics/demo-activity.server";
import { seedDemo } from "./seed-demo.server";

/** The whole demo: one account per role, then a year of generated (and labelled) activity. */
export async function seedDemoCity({ log }: { log: (line: string) => void }) {
  await seedDemo({ log });
  await seedDemoActivity({ log });
}
