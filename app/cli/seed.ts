import { parseArgs } from "node:util";
import { closeDb } from "~/lib/db.server";
import { migrate } from "./migrate";

export async function run(args: string[]) {
  const { values } = parseArgs({ args, options: { demo: { type: "boolean", default: false } } });
  try {
    await migrate();
    const { seedGuangzhou } = await import("~/modules/geography/seed-guangzhou.server");
    await seedGuangzhou({ log: console.log });
    if (values.demo) {
      const { seedDemoCity } = await import("~/demo/seed-demo-city.server");
      await seedDemoCity({ log: console.log });
    }
  } finally {
    await closeDb();
  }
}
