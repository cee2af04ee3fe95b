import { seedDemoActivity } from "~/modules/metrics/demo-activity.server";
import { seedDemoFunding } from "./seed-demo-funding.server";
import { seedDemoLivelihood } from "./seed-demo-livelihood.server";
import { seedDemoParticipation } from "./seed-demo-participation.server";
import { seedDemo } from "./seed-demo.server";

/** The whole demo: one account per role, livelihood schemes at every stage, funding calls at every stage, matters and consultations, then a year of generated (and labelled) activity. */
export async function seedDemoCity({ log }: { log: (line: string) => void }) {
  await seedDemo({ log });
  await seedDemoLivelihood({ log });
  await seedDemoFunding({ log });
  await seedDemoParticipation({ log });
  await seedDemoActivity({ log });
}
