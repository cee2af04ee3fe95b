import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { budgetRules, isBudgetRule, type BudgetRule } from "~/modules/voting/budget-instance";
import { countEqualShares } from "~/modules/voting/equal-shares";
import { countGreedy } from "~/modules/voting/greedy";
import { formatScaled } from "~/modules/voting/money";
import { PabulibError, pabulibToInstance, parsePabulib, ruleFromPabulib } from "~/modules/voting/pabulib";

const usage = `Usage: npm run kapok -- pb count <file.pb> [--rule ${budgetRules.join("|")}]

Counts a Pabulib participatory-budget file and prints the selected project ids, one per line, in the
order the rule selected them, then "total <cost>". Without --rule, the file's own rule is used when it is
one of these (greedy, greedy-threshold, greedy-no-skip, equalshares, equalshares/add1), else greedy.`;

function fail(code: 1 | 2, message: string) {
  console.error(message);
  process.exitCode = code;
}

/** `npm run kapok -- pb count <file.pb> [--rule …]`. Exit 2: bad usage; exit 1: unreadable or malformed file. */
export async function run(args: string[]) {
  const [command, ...rest] = args;
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(usage);
    return;
  }
  if (command !== "count") return fail(2, `${command ? `unknown pb command "${command}"\n` : ""}${usage}`);

  let values: { rule?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { rule: { type: "string" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return fail(2, `${(error as Error).message}\n${usage}`);
  }
  if (positionals.length !== 1) return fail(2, `expected one .pb file\n${usage}`);
  if (values.rule !== undefined && !isBudgetRule(values.rule)) {
    return fail(2, `unknown rule "${values.rule}": use ${budgetRules.join(", ")}`);
  }
  const file = positionals[0]!;

  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return fail(1, `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const instance = pabulibToInstance(parsePabulib(text));
    for (const warning of instance.warnings) console.error(`warning: ${warning}`);
    let rule: BudgetRule;
    if (values.rule) {
      rule = values.rule as BudgetRule;
    } else {
      rule = ruleFromPabulib(instance.fileRule) ?? "greedy";
      if (instance.fileRule && !ruleFromPabulib(instance.fileRule)) {
        console.error(
          `note: the file's rule "${instance.fileRule}" is not implemented here; counting with greedy`,
        );
      }
    }
    const outcome =
      rule === "equal-shares"
        ? countEqualShares(instance)
        : countGreedy(instance, { skip: rule === "greedy" });
    const lines = [...outcome.selected, `total ${formatScaled(outcome.totalCost, instance.moneyScale)}`];
    process.stdout.write(`${lines.join("\n")}\n`);
  } catch (error) {
    if (error instanceof PabulibError) return fail(1, `${file}: ${error.message}`);
    if (error instanceof Error && error.name === "BudgetInstanceError")
      return fail(1, `${file}: ${error.message}`);
    throw error;
  }
}
