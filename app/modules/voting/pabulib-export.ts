import { prepareInstance, type BudgetInstance, type BudgetRule } from "./budget-instance";
import { formatScaled } from "./money";
import { pabulibRuleName, type PabulibVoteType } from "./pabulib";
import { seededRandom, shuffled } from "./seeded-random";

/**
 * Writer for Pabulib `.pb` files: the open-data export of a closed participatory-budget vote.
 *
 * Voters are anonymous: ballots are shuffled (so the file's order says nothing about who voted when) and
 * then numbered 1..n; nothing else about the voter is written. The shuffle is seeded so that exporting
 * the same vote twice gives the same file; pass a seed that is not guessable from public data (for
 * example derived from a server secret and the vote's id) — without one a random seed is used.
 */

export interface PabulibExportInput {
  readonly instance: BudgetInstance;
  readonly voteType: PabulibVoteType;
  readonly rule: BudgetRule;
  /** Ids the count selected. */
  readonly selected: readonly string[];
  /** Descriptive META entries (description, country, unit, instance, date_begin, date_end, currency, …). */
  readonly meta?: Readonly<Record<string, string>>;
  readonly seed?: string;
}

const metaOrder = ["description", "country", "unit", "subunit", "district", "instance"];

function quote(value: string): string {
  if (/[;"\r\n]/.test(value) || value !== value.trim()) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

function line(values: readonly string[]): string {
  return values.map(quote).join(";");
}

function randomSeed(): string {
  const bytes = new Uint32Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16)).join("");
}

export function exportPabulib(input: PabulibExportInput): string {
  const { instance, voteType } = input;
  const isPoints = instance.ballotKind === "points";
  if (isPoints !== (voteType === "cumulative" || voteType === "scoring" || voteType === "ordinal")) {
    throw new RangeError(`vote_type ${voteType} does not match ${instance.ballotKind} ballots`);
  }
  const moneyScale = instance.moneyScale ?? 1;
  const pointsScale = instance.pointsScale ?? 1;
  for (const project of instance.projects) {
    if (project.id.includes(","))
      throw new RangeError(`project id ${JSON.stringify(project.id)} contains a comma`);
  }
  const prepared = prepareInstance(instance);
  const selected = new Set(input.selected);

  const given = input.meta ?? {};
  const meta: Array<[string, string]> = [];
  for (const key of metaOrder) if (given[key] !== undefined) meta.push([key, given[key]!]);
  meta.push(
    ["num_projects", String(instance.projects.length)],
    ["num_votes", String(instance.ballots.length)],
    ["budget", formatScaled(instance.budget, moneyScale)],
    ["vote_type", voteType],
    ["rule", pabulibRuleName(input.rule)],
  );
  const computed = new Set(["num_projects", "num_votes", "budget", "vote_type", "rule", ...metaOrder]);
  if (instance.maxProjectsPerBallot !== undefined && given["max_length"] === undefined) {
    meta.push(["max_length", String(instance.maxProjectsPerBallot)]);
  }
  if (instance.minSupport !== undefined && given["min_project_score_threshold"] === undefined) {
    meta.push(["min_project_score_threshold", formatScaled(instance.minSupport, isPoints ? pointsScale : 1)]);
  }
  for (const [key, value] of Object.entries(given)) if (!computed.has(key)) meta.push([key, value]);

  const out: string[] = ["META", "key;value", ...meta.map(([key, value]) => line([key, value]))];

  out.push("PROJECTS");
  out.push(
    line(["project_id", "cost", "votes", ...(isPoints ? ["score"] : []), "name", "category", "selected"]),
  );
  instance.projects.forEach((project, c) => {
    out.push(
      line([
        project.id,
        formatScaled(project.cost, moneyScale),
        String(prepared.supporterCount[c]!),
        ...(isPoints ? [formatScaled(prepared.support[c]!, pointsScale)] : []),
        project.name ?? "",
        (project.category ?? []).join(","),
        selected.has(project.id) ? "1" : "0",
      ]),
    );
  });

  // Ballots as Pabulib writes them: points ballots list projects from most to fewest points.
  const rows = instance.ballots.map((ballot) => {
    if (!isPoints) return { vote: [...new Set(ballot.projects)], points: null as number[] | null };
    const order = ballot.projects
      .map((id, k) => ({ id, points: ballot.points![k]!, k }))
      .sort((a, b) => b.points - a.points || a.k - b.k);
    return { vote: order.map((entry) => entry.id), points: order.map((entry) => entry.points) };
  });
  // Ordinal ballots need no points column when every ballot of k projects gives k, k−1, …, 1.
  const writePoints =
    isPoints &&
    (voteType !== "ordinal" ||
      rows.some((row) =>
        row.points!.some((points, rank) => points !== (row.vote.length - rank) * pointsScale),
      ));

  out.push("VOTES");
  out.push(line(["voter_id", "vote", ...(writePoints ? ["points"] : [])]));
  const random = seededRandom(input.seed ?? randomSeed());
  shuffled(rows, random).forEach((row, index) => {
    out.push(
      line([
        String(index + 1),
        row.vote.join(","),
        ...(writePoints ? [row.points!.map((points) => formatScaled(points, pointsScale)).join(",")] : []),
      ]),
    );
  });
  return `${out.join("\n")}\n`;
}
