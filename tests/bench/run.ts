// `npm run bench [suite] [--json results.json]`: runs a benchmark suite (default: foundation) and prints
// its figures. Figures are for notes and reviews, never assertions: this machine is shared and noisy.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { formatFoundation, runFoundation } from "./foundation";

type Suite = () => Promise<{ results: unknown; text?: string }>;

const suites: Record<string, Suite> = {
  foundation: async () => {
    const results = await runFoundation();
    return { results, text: formatFoundation(results) };
  },
  // Later issues' suites print their own tables; loaded only when chosen, so one never breaks another.
  metrics: async () => ({ results: await (await import("./metrics")).runMetricsBench() }),
  vote: async () => {
    await (await import("./vote-count")).runVoteCountBench();
    return { results: null };
  },
};

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { json: { type: "string" } },
    allowPositionals: true,
  });
  const name = positionals[0] ?? "foundation";
  const suite = suites[name];
  if (!suite) {
    console.error(`bench: unknown suite "${name}"; known: ${Object.keys(suites).join(", ")}`);
    process.exit(2);
  }
  const started = performance.now();
  const { results, text } = await suite();
  if (text) console.log(text);
  console.log(`\n(bench ${name} took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`bench: results written to ${values.json}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
