/**
 * Counting time for a participatory-budget vote the size of Warsaw's (about 100 projects, 100,000
 * approval voters): greedy, and the Method of Equal Shares with add-one completion. The instance is
 * generated from a fixed seed, so every run counts the same vote. Pure CPU, no database.
 *
 * Run alone with `npx tsx tests/bench/vote-count.ts`; `npm run bench -- vote` calls runVoteCountBench().
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { prepareInstance, type BudgetBallot, type BudgetInstance } from "~/modules/voting/budget-instance";
import { countEqualShares } from "~/modules/voting/equal-shares";
import { runExact } from "~/modules/voting/equal-shares-exact";
import { runCertifiedFloat } from "~/modules/voting/equal-shares-float";
import { countGreedy } from "~/modules/voting/greedy";
import { seededRandom } from "~/modules/voting/seeded-random";

export interface WarsawLikeOptions {
  readonly projects?: number;
  readonly voters?: number;
  readonly districts?: number;
  readonly seed?: string;
}

/**
 * ~100 projects with log-normal costs (median ≈ 200,000 zł, 20,000–2,000,000 zł, in grosze like fen),
 * spread over districts plus a few city-wide ones; voters belong to a district and prefer its projects;
 * project popularity is log-normal (a few very popular ones); ballots have 1–15 approvals, most short.
 * The budget is a quarter of the total cost.
 */
export function generateWarsawLikeInstance(options: WarsawLikeOptions = {}): BudgetInstance {
  const projectCount = options.projects ?? 100;
  const voterCount = options.voters ?? 100_000;
  const districts = options.districts ?? 6;
  const random = seededRandom(options.seed ?? "kapok-vote-bench");
  const normal = () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const scale = 100;
  const projects = Array.from({ length: projectCount }, (_, i) => {
    const zloty = Math.min(
      2_000_000,
      Math.max(20_000, Math.round((200_000 * Math.exp(0.9 * normal())) / 100) * 100),
    );
    return { id: String(101 + i), cost: zloty * scale };
  });
  const projectDistrict = projects.map(() => Math.floor(random() * (districts + 1)) - 1); // −1 = city-wide
  const popularity = projects.map(() => Math.exp(1.1 * normal()));
  const cumulative = Array.from({ length: districts }, (_, d) => {
    let sum = 0;
    return projects.map((_, p) => {
      const boost = projectDistrict[p] === d ? 6 : projectDistrict[p] === -1 ? 2 : 0.4;
      sum += popularity[p]! * boost;
      return sum;
    });
  });
  const pick = (cum: readonly number[]) => {
    const target = random() * cum[cum.length - 1]!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const ballots: BudgetBallot[] = [];
  for (let v = 0; v < voterCount; v++) {
    const cum = cumulative[Math.floor(random() * districts)]!;
    const length = Math.min(15, 1 + Math.floor(-Math.log(1 - random()) * 3.5));
    const chosen = new Set<number>();
    while (chosen.size < length) chosen.add(pick(cum));
    ballots.push({ projects: [...chosen].map((p) => projects[p]!.id) });
  }
  const totalCost = projects.reduce((sum, p) => sum + p.cost, 0);
  return {
    projects,
    budget: Math.round(totalCost / 4 / scale) * scale,
    ballotKind: "approval",
    ballots,
    moneyScale: scale,
  };
}

/** Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure. */
function time<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

export async function runVoteCountBench(): Promise<void> {
  const generated = time(() => generateWarsawLikeInstance());
  const instance = generated.value;
  const prepared = time(() => prepareInstance(instance));
  const p = prepared.value;
  const greedy = time(() => countGreedy(p));
  const mes = time(() => countEqualShares(p));
  const n = instance.ballots.length;
  const oneFloat = time(() => runCertifiedFloat(p, instance.budget, n, Number.POSITIVE_INFINITY));
  const oneExact = time(() => runExact(p, BigInt(instance.budget), BigInt(n), Number.POSITIVE_INFINITY));

  const spent = (total: number) => `${((100 * total) / instance.budget).toFixed(1)} %`;
  const zloty = (minor: number) => (minor / (instance.moneyScale ?? 1)).toFixed(2);
  const fmt = (t: { ms: number; cpuMs: number }, digits = 0) =>
    [t.ms.toFixed(digits), t.cpuMs.toFixed(digits)] as const;
  const rows: Array<readonly [string, readonly [string, string], string]> = [
    ["generate instance (not counted)", fmt(generated), `${instance.projects.length} projects, ${n} voters`],
    ["prepare (index, merge identical ballots)", fmt(prepared), `${p.groupCount} distinct ballots`],
    [
      "greedy",
      fmt(greedy, 1),
      `${greedy.value.selected.length} selected, ${spent(greedy.value.totalCost)} spent`,
    ],
    [
      "equal shares + add-one + fill",
      fmt(mes),
      `${mes.value.selected.length} selected (${mes.value.equalSharesSelected.length} by MES), ${spent(mes.value.totalCost)} spent; ` +
        `${mes.value.completion.runs} runs, share ${zloty(mes.value.completion.initialShare)} → ${zloty(mes.value.completion.finalShare)} zł, ` +
        `${mes.value.arithmetic}`,
    ],
    [
      "  one MES run, certified float",
      fmt(oneFloat, 1),
      oneFloat.value ? "certified" : "fell back (uncertain)",
    ],
    ["  one MES run, exact rationals", fmt(oneExact), `${oneExact.value.selected.length} selected`],
  ];
  const width = Math.max(...rows.map((row) => row[0].length));
  console.log("\nVote counting, Warsaw-sized generated instance (seeded)");
  console.log(`${"step".padEnd(width)}  ${"wall ms".padStart(8)}  ${"cpu ms".padStart(8)}  notes`);
  for (const [label, [wall, cpu], notes] of rows) {
    console.log(`${label.padEnd(width)}  ${wall.padStart(8)}  ${cpu.padStart(8)}  ${notes}`);
  }
  console.log(
    `ratio (cpu): equal shares with completion ÷ greedy = ${(mes.cpuMs / Math.max(greedy.cpuMs, 0.001)).toFixed(0)}×; ` +
      `per completion run ≈ ${(mes.cpuMs / mes.value.completion.runs).toFixed(1)} ms`,
  );

  // Casting through the HTTP stack ÷ the bare transaction (PostgreSQL only; skipped without DATABASE_URL).
  const { runVoteHttpBench, formatVoteHttp } = await import("./vote-http");
  const http = await runVoteHttpBench();
  if (http) console.log(formatVoteHttp(http));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runVoteCountBench();
}
