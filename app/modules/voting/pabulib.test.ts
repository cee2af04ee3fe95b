import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BudgetInstance } from "./budget-instance";
import { countEqualShares } from "./equal-shares";
import { countGreedy } from "./greedy";
import { formatScaled } from "./money";
import {
  PabulibError,
  pabulibToInstance,
  parsePabulib,
  ruleFromPabulib,
  type PabulibInstance,
} from "./pabulib";
import { exportPabulib } from "./pabulib-export";

const fixtures = path.join(import.meta.dirname, "fixtures");
const read = (name: string) => readFileSync(path.join(fixtures, name), "utf8");
const load = (name: string) => pabulibToInstance(parsePabulib(read(name)));

function count(instance: PabulibInstance) {
  const rule = ruleFromPabulib(instance.fileRule) ?? "greedy";
  return rule === "equal-shares"
    ? countEqualShares(instance)
    : countGreedy(instance, { skip: rule === "greedy" });
}

describe("Pabulib reader", () => {
  it("reproduces the selected projects of a published Warsaw 2017 instance with greedy", () => {
    const instance = load("poland_warszawa_2017_plac-wojska-polskiego.pb");
    expect(instance).toMatchObject({
      voteType: "approval",
      fileRule: "greedy",
      budget: 51195,
      moneyScale: 1,
    });
    expect(instance.ballots).toHaveLength(27);
    const outcome = countGreedy(instance);
    expect(outcome.selected).toEqual(instance.selectedInFile);
    expect(outcome.selected).toEqual(["427", "915", "2567", "1623"]);
    expect(outcome.totalCost).toBe(44720);
    expect(instance.warnings).toEqual([]);
  });

  it("reads a BOM, CRLF, no final newline, quoted semicolons and quotes, odd column order, decimals", () => {
    const text = read("approval-crlf-bom.pb");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("\r\n");
    expect(text.endsWith("\n")).toBe(false);
    const file = parsePabulib(text);
    expect(file.meta[0]).toEqual(["description", "Hand-made; CRLF, BOM, quotes"]);
    const instance = pabulibToInstance(file);
    expect(instance.moneyScale).toBe(100);
    expect(instance.budget).toBe(100050);
    expect(instance.projects).toEqual([
      { id: "A-1", cost: 60025, name: 'Park; phase "II"', category: ["green"] },
      { id: "B-2", cost: 50000, name: "Library", category: ["culture"] },
      { id: "C-3", cost: 40025, name: "Bench" },
    ]);
    // A-1 and B-2 both have 3 votes: B-2 is cheaper and goes first; A-1 (600.25) no longer fits in
    // 500.50, C-3 (400.25) does.
    const outcome = countGreedy(instance);
    expect(outcome.selected).toEqual(["B-2", "C-3"]);
    expect(formatScaled(outcome.totalCost, instance.moneyScale)).toBe("900.25");
    expect(outcome.selected).toEqual(instance.selectedInFile);
  });

  it("reads choose-1 votes as single approvals", () => {
    const instance = load("choose-1.pb");
    expect(instance.ballotKind).toBe("approval");
    expect(countGreedy(instance).selected).toEqual(["1", "3"]);
  });

  it("reads cumulative votes with their points", () => {
    const instance = load("cumulative.pb");
    expect(instance.ballots[1]).toEqual({ projects: ["3", "1"], points: [7, 3] });
    // Points: 1 → 14, 2 → 14, 3 → 12. 1 and 2 tie; 2 is cheaper (300) so first; then 1 (500) = 800.
    expect(countGreedy(instance).selected).toEqual(["2", "1"]);
  });

  it("reads scoring votes with decimal points on one integer scale", () => {
    const instance = load("scoring.pb");
    expect(instance.pointsScale).toBe(10);
    expect(instance.ballots[0]).toEqual({ projects: ["a", "b", "c"], points: [50, 25, 0] });
    expect(countGreedy(instance).selected).toEqual(["c", "b"]);
  });

  it("gives an ordinal ballot of k projects k, k−1, …, 1 points, across mixed line endings", () => {
    const text = read("ordinal-mixed-endings.pb");
    expect(text).toContain("\r\n");
    expect(/\r(?!\n)/.test(text)).toBe(true);
    const instance = load("ordinal-mixed-endings.pb");
    expect(instance.ballots.map((b) => b.points)).toEqual([[3, 2, 1], [2, 1], [4, 3, 2, 1], [1]]);
    // Points: 1 → 6, 2 → 5, 3 → 5, 4 → 4. 2 and 3 tie (same cost): id order picks 2; budget 250.
    expect(countGreedy(instance).selected).toEqual(["1", "2"]);
    expect(countGreedy(instance).selected).toEqual(instance.selectedInFile);
  });

  it("uses an ordinal file's points column when there is one", () => {
    const instance = load("ordinal-points.pb");
    expect(instance.ballots[2]).toEqual({ projects: ["3", "4", "1", "2"], points: [10, 9, 1, 1] });
    expect(countGreedy(instance).selected).toEqual(["3", "4"]);
  });

  it("counts a file whose rule is Equal Shares with Equal Shares", () => {
    const instance = load("equal-shares-example.pb");
    expect(ruleFromPabulib(instance.fileRule)).toBe("equal-shares");
    expect(count(instance).selected).toEqual(["bike", "playground", "library"]);
  });

  it("maps Pabulib rule names", () => {
    expect(ruleFromPabulib("greedy")).toBe("greedy");
    expect(ruleFromPabulib("greedy-threshold")).toBe("greedy");
    expect(ruleFromPabulib("greedy-no-skip")).toBe("greedy-no-skip");
    expect(ruleFromPabulib("equalshares")).toBe("equal-shares");
    expect(ruleFromPabulib("equalshares/add1")).toBe("equal-shares");
    expect(ruleFromPabulib("MES")).toBe("equal-shares");
    expect(ruleFromPabulib("greedy-custom")).toBeNull();
    expect(ruleFromPabulib("unknown")).toBeNull();
    expect(ruleFromPabulib(undefined)).toBeNull();
  });

  it("honours min_project_score_threshold", () => {
    const text = read("choose-1.pb").replace(
      "rule;greedy",
      "rule;greedy-threshold\nmin_project_score_threshold;3",
    );
    expect(countGreedy(pabulibToInstance(parsePabulib(text))).selected).toEqual(["1"]);
  });

  it("warns, without failing, when META counts disagree with the file", () => {
    const text = read("choose-1.pb").replace("num_votes;7", "num_votes;8");
    expect(pabulibToInstance(parsePabulib(text)).warnings).toEqual(["META num_votes is 8 but VOTES lists 7"]);
  });

  const head =
    "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n2;60\nVOTES\nvoter_id;vote\n";
  const malformed: Array<[string, string, RegExp]> = [
    ["unknown project in a vote", `${head}1;1\n2;3\n`, /^line 12: .*project 3, which is not in PROJECTS/],
    [
      "cost that is not a number",
      head.replace("2;60", "2;sixty"),
      /^line 8: the cost of project 2 is not a number/,
    ],
    ["unclosed quote", head.replace("1;50", '1;50;"open'), /^line 7: a quoted field is never closed/],
    [
      "text after a closing quote",
      head.replace("1;50", '"1"x;50'),
      /^line 7: unexpected text after a closing quote/,
    ],
    [
      "too many fields",
      head.replace("1;50", "1;50;extra"),
      /^line 7: 3 fields but the PROJECTS header has 2 columns/,
    ],
    ["duplicate project", head.replace("2;60", "1;60"), /^line 8: project 1 is listed twice/],
    ["negative cost", head.replace("2;60", "2;-60"), /^line 8: the cost of project 2 is negative/],
    [
      "points count mismatch",
      head.replace("approval", "cumulative").replace("voter_id;vote", "voter_id;vote;points") + "1;1,2;3\n",
      /^line 11: 2 projects but 1 points/,
    ],
    [
      "choose-1 with two projects",
      head.replace("approval", "choose-1") + "1;1,2\n",
      /^line 11: a choose-1 vote lists 2 projects/,
    ],
    ["data before any section", `budget;100\n${head}`, /^line 1: expected a section title/],
    ["no VOTES section", head.split("VOTES")[0]!, /no VOTES section/],
    ["no budget", head.replace("budget;100\n", ""), /META has no budget/],
    ["unknown vote type", head.replace("approval", "borda"), /^line 4: META vote_type "borda" is not one of/],
    [
      "budget that is not an amount",
      head.replace("budget;100", "budget;lots"),
      /^line 3: META budget is not an amount/,
    ],
    ["cumulative without points", head.replace("approval", "cumulative"), /needs a "points" column/],
    [
      "no cost column",
      head.replace("project_id;cost", "project_id;price"),
      /^line 6: PROJECTS has no "cost" column/,
    ],
  ];
  it.each(malformed)("reports a malformed file clearly: %s", (_name, text, message) => {
    let error: unknown;
    try {
      pabulibToInstance(parsePabulib(text));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PabulibError);
    expect((error as Error).message).toMatch(message);
  });
});

/** Ballots as a sorted list of canonical strings: the multiset, independent of order and voter ids. */
function ballotMultiset(instance: BudgetInstance): string[] {
  return instance.ballots
    .map((ballot) =>
      ballot.projects
        .map((id, k) => (ballot.points ? `${id}:${ballot.points[k]}` : id))
        .sort()
        .join(","),
    )
    .sort();
}

describe("Pabulib writer", () => {
  const names = [
    "poland_warszawa_2017_plac-wojska-polskiego.pb",
    "approval-crlf-bom.pb",
    "choose-1.pb",
    "cumulative.pb",
    "scoring.pb",
    "ordinal-mixed-endings.pb",
    "ordinal-points.pb",
    "equal-shares-example.pb",
  ];
  it.each(names)("round-trips %s: parse → count → export → parse", (name) => {
    const instance = load(name);
    const outcome = count(instance);
    const rule = outcome.rule;
    const text = exportPabulib({
      instance,
      voteType: instance.voteType,
      rule,
      selected: outcome.selected,
      meta: {
        description: `Round trip of ${name}; "quoted"`,
        country: "China",
        unit: "Guangzhou",
        instance: "2027",
      },
      seed: "round-trip",
    });
    const again = pabulibToInstance(parsePabulib(text));
    expect(again.warnings).toEqual([]);
    expect(again.voteType).toBe(instance.voteType);
    expect(ruleFromPabulib(again.fileRule)).toBe(rule);
    expect(formatScaled(again.budget, again.moneyScale)).toBe(
      formatScaled(instance.budget, instance.moneyScale),
    );
    expect(
      again.projects.map((p) => [p.id, formatScaled(p.cost, again.moneyScale), p.name, p.category]),
    ).toEqual(
      instance.projects.map((p) => [p.id, formatScaled(p.cost, instance.moneyScale), p.name, p.category]),
    );
    expect(again.pointsScale).toBe(instance.pointsScale);
    expect(ballotMultiset(again)).toEqual(ballotMultiset(instance));
    expect(new Set(again.selectedInFile)).toEqual(new Set(outcome.selected));
    // Counting the exported file gives the same outcome.
    expect(count(again).selected).toEqual(outcome.selected);
  });

  it("numbers voters 1..n in a shuffled order, reproducibly for one seed", () => {
    const projects = Array.from({ length: 8 }, (_, i) => ({ id: String(i + 1), cost: 100 }));
    // 60 distinct ballots in a known submission order.
    const ballots = Array.from({ length: 60 }, (_, v) => ({
      projects: projects.filter((_, i) => (v + 1) & (1 << i % 6)).map((p) => p.id),
    }));
    const instance: BudgetInstance = { projects, budget: 300, ballotKind: "approval", ballots };
    const write = (seed: string) =>
      exportPabulib({ instance, voteType: "approval", rule: "greedy", selected: [], seed });
    const text = write("secret-1");
    expect(write("secret-1")).toBe(text);
    const rows = text
      .split("VOTES\n")[1]!
      .trim()
      .split("\n")
      .slice(1)
      .map((row) => row.split(";"));
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    const exportedOrder = rows.map((row) => row[1]);
    expect(exportedOrder).not.toEqual(ballots.map((b) => b.projects.join(",")));
    expect(new Set(exportedOrder)).toEqual(new Set(ballots.map((b) => b.projects.join(","))));
    expect(write("secret-2")).not.toBe(text);
  });

  it("writes the META a Pabulib file needs and quotes what must be quoted", () => {
    const text = exportPabulib({
      instance: {
        projects: [{ id: "P1", cost: 12345, name: 'Lights; "solar"', category: ["safety", "energy"] }],
        budget: 50000,
        moneyScale: 100,
        ballotKind: "approval",
        ballots: [{ projects: ["P1"] }],
      },
      voteType: "approval",
      rule: "equal-shares",
      selected: ["P1"],
      seed: "x",
    });
    expect(text).toBe(
      [
        "META",
        "key;value",
        "num_projects;1",
        "num_votes;1",
        "budget;500",
        "vote_type;approval",
        "rule;equalshares/add1",
        "PROJECTS",
        "project_id;cost;votes;name;category;selected",
        'P1;123.45;1;"Lights; ""solar""";safety,energy;1',
        "VOTES",
        "voter_id;vote",
        "1;P1",
        "",
      ].join("\n"),
    );
  });
});
