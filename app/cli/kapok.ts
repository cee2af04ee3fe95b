// The operator's one command: `npm run kapok -- <command>`. Each command lives in its own file.
import { parseArgs } from "node:util";

const commands: Record<string, { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<void> }> }> = {
  start: { summary: "build if needed, migrate, seed an empty database, serve on PORT", load: () => import("./start") },
  migrate: { summary: "apply database migrations", load: () => import("./migrate") },
  seed: { summary: "load the Guangzhou areas; --demo also adds the demo accounts and generated activity", load: () => import("./seed") },
  "import-areas": { summary: "import another city's areas from a CSV file (code,name,parent_code[,population])", load: () => import("./import-areas") },
  rollup: { summary: "fold new participation events into the engagement rollups (one run; for a scheduler)", load: () => import("./rollup") },
  "seed-events": { summary: "generate participation events: --events N [--days 365] [--seed 1], then roll up", load: () => import("./seed-events") },
  pb: { summary: "count a Pabulib .pb file: pb count <file.pb> [--rule greedy|greedy-no-skip|equal-shares]", load: () => import("./pb") },
};

function usage() {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `Usage: npm run kapok -- <command> [options]\n\nCommands:\n${lines.join("\n")}\n`;
}

async function main() {
  const { positionals } = parseArgs({ args: process.argv.slice(2), strict: false, allowPositionals: true });
  const name = positionals[0];
  if (!name || name === "help" || !commands[name]) {
    process.stdout.write(usage());
    process.exitCode = name && name !== "help" ? 2 : 0;
    return;
  }
  // Serving runs in production mode unless told otherwise: development mode would show stack traces.
  if (name === "start") process.env.NODE_ENV ??= "production";
  const command = await commands[name]!.load();
  await command.run(process.argv.slice(3));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
