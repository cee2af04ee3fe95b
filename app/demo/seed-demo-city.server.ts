import { seedDemoActivity } from "~/modules/metrics/demo-activity.server";
import { seedDemoLivelihood } from "./seed-demo-livelihood.server";
import { seedDemo } from "./seed-demo.server";

/** The whole demo: one account per role, livelihood schemes at every stage, then a year of generated (and labelled) activity. */
export async function seedDemoCity({ log }: { log: (line: string) => void }) {
  await seedDemo({ log });
  await seedDemoLivelihood({ log });
  await seedDemoActivity({ log });
}
