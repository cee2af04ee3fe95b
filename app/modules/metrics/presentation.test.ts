import { describe, expect, it } from "vitest";
import { defaultWeights } from "./components";
import { computeComponents, computeIndex, emptyKindCounts, type KindCounts } from "./index-formula";
import {
  buildTables,
  compareFigures,
  exactFigures,
  protectTree,
  readDashboardQuery,
  seesExactFigures,
  sortRows,
  toCsv,
  toJsonRows,
  type EngagementView,
  type FigureNode,
  type Figures,
  type RankingRow,
} from "./presentation";

/** Figures of an area from a few counts, through the real formula. */
function figures(opts: {
  participants: number;
  eligible?: number | null;
  voters?: number;
  ratings?: [number, number, number];
  responded?: number;
}): Figures {
  const kinds: Record<string, KindCounts> = {};
  if (opts.voters) kinds["ballot.cast"] = { ...emptyKindCounts(), events: opts.voters, actors: opts.voters };
  if (opts.ratings) {
    const [top, mid, low] = opts.ratings;
    kinds["evaluation.submitted"] = {
      ...emptyKindCounts(),
      events: top + mid + low,
      ratingTop: top,
      ratingMid: mid,
      ratingLow: low,
    };
  }
  if (opts.responded)
    kinds["matter.responded"] = { ...emptyKindCounts(), events: opts.responded, qualified: opts.responded };
  const components = computeComponents(
    {
      participants: opts.participants,
      eligibleResidents: opts.eligible ?? 1000,
      kinds,
      medianResponseHours: null,
    },
    defaultWeights,
  );
  const events = Object.values(kinds).reduce((sum, k) => sum + k.events, 0) + opts.participants;
  return {
    index: computeIndex(components),
    participants: opts.participants,
    events,
    eligibleResidents: opts.eligible ?? 1000,
    components,
  };
}

const node = (key: string, f: Figures, children?: FigureNode[]): FigureNode => ({
  key,
  figures: f,
  children,
});

describe("who sees exact figures", () => {
  const roles = [
    { role: "street_official", areaPath: "/4401/440106/440106001/" },
    { role: "resident", areaPath: "/4401/440106/440106002/440106002001/" },
  ];
  it("officials of the area or an ancestor; never a resident, never a neighbouring area", () => {
    expect(seesExactFigures(roles, "/4401/440106/440106001/")).toBe(true);
    expect(seesExactFigures(roles, "/4401/440106/440106001/440106001001/")).toBe(true);
    expect(seesExactFigures(roles, "/4401/440106/")).toBe(false);
    expect(seesExactFigures(roles, "/4401/440106/440106002/440106002001/")).toBe(false);
    // A path prefix without the closing slash is not containment (4401061 is not inside 440106).
    expect(
      seesExactFigures([{ role: "district_official", areaPath: "/4401/440106/" }], "/4401/4401061/"),
    ).toBe(false);
  });
});

describe("protectTree", () => {
  const tree = node("street", figures({ participants: 120, voters: 30, ratings: [20, 8, 2] }), [
    node("a", figures({ participants: 100, voters: 27, ratings: [18, 8, 2] })),
    node("b", figures({ participants: 15, voters: 3, ratings: [2, 0, 0] })),
    node("c", figures({ participants: 5 })),
  ]);
  const shown = protectTree(tree);

  it("withholds a small count and its complement, never the number itself", () => {
    expect(shown.get("c")!.participants).toEqual({ value: null, suppressed: true });
    // 120 − 100 − 15 would give c away: the smallest other child is withheld too.
    expect(shown.get("b")!.participants).toEqual({ value: null, suppressed: true });
    expect(shown.get("a")!.participants).toEqual({ value: 100, suppressed: false });
    expect(shown.get("street")!.participants).toEqual({ value: 120, suppressed: false });
  });

  it("withholds a whole component and the index where a count behind them is small", () => {
    const b = shown.get("b")!;
    const turnout = b.components.find((c) => c.key === "turnout")!;
    expect(turnout).toMatchObject({
      suppressed: true,
      score: null,
      value: null,
      numerator: null,
      denominator: null,
      n: null,
    });
    expect(Object.values(turnout.extra).every((v) => v === null)).toBe(true);
    expect(b.index).toEqual({ value: null, suppressed: true });
    expect(b.anySuppressed).toBe(true);
    // Institutional counts are not about people: responsiveness is never withheld for being small.
    expect(b.components.find((c) => c.key === "responsiveness")!.suppressed).toBe(false);
  });

  it("a satisfaction result of 28 of 30 is withheld: the 2 dissatisfied are a small count", () => {
    const satisfaction = shown.get("street")!.components.find((c) => c.key === "satisfaction")!;
    expect(satisfaction.suppressed).toBe(true);
  });

  it("participants are withheld where eligible minus participants is small", () => {
    const small = protectTree(node("x", figures({ participants: 115, eligible: 120 })));
    expect(small.get("x")!.participants.suppressed).toBe(true);
    expect(small.get("x")!.components.find((c) => c.key === "breadth")!.suppressed).toBe(true);
  });

  it("exact figures hide nothing", () => {
    const exact = exactFigures(tree.children![2]!.figures);
    expect(exact.participants).toEqual({ value: 5, suppressed: false });
    expect(exact.anySuppressed).toBe(false);
  });

  it("a comparison never shows a change computed from a withheld figure", () => {
    const rows = compareFigures(shown.get("a")!, shown.get("b")!);
    expect(rows.find((r) => r.key === "participants")).toMatchObject({
      a: 100,
      b: null,
      change: null,
      status: "suppressed",
    });
    const responsiveness = rows.find((r) => r.key === "responsiveness")!;
    expect(responsiveness.status).toBe("noData");
  });
});

describe("ranking", () => {
  const row = (code: string, index: number | null, suppressed = false): RankingRow => ({
    code,
    name: code,
    figures: {
      ...exactFigures(figures({ participants: 50 })),
      index: { value: suppressed ? null : index, suppressed },
    },
  });
  it("sorts by the chosen column; withheld and missing values always last", () => {
    const rows = [row("a", 30), row("b", null), row("c", 70), row("d", 50, true), row("e", 10)];
    expect(sortRows(rows, "index", "desc").map((r) => r.code)).toEqual(["c", "a", "e", "b", "d"]);
    expect(sortRows(rows, "index", "asc").map((r) => r.code)).toEqual(["e", "a", "c", "b", "d"]);
  });
});

describe("readDashboardQuery", () => {
  const today = "2026-05-17";
  it("defaults: the last 12 months, monthly, compared with the 12 months before, sorted by index", () => {
    const q = readDashboardQuery(new URLSearchParams(), today);
    expect(q).toMatchObject({
      period: { from: "2025-06-01", to: "2026-05-18" },
      preset: "12m",
      periodErrors: null,
      granularity: "month",
      sort: "index",
      dir: "desc",
    });
    expect(q.compare.to).toBe(q.period.from);
  });
  it("keeps what was typed when it is wrong, and reports it", () => {
    const q = readDashboardQuery(
      new URLSearchParams({
        from: "2026-05-01",
        to: "2026-04-01",
        bfrom: "x",
        bto: "2026-01-01",
        sort: "nonsense",
      }),
      today,
    );
    expect(q.periodErrors).toEqual({ to: ["metrics:period.errors.order"] });
    expect(q.input).toMatchObject({ from: "2026-05-01", to: "2026-04-01", bfrom: "x" });
    expect(q.compareErrors).toEqual({ from: ["metrics:period.errors.invalidDate"] });
    expect(q.sort).toBe("index");
  });
});

describe("downloads", () => {
  const f = protectTree(
    node("p", figures({ participants: 120 }), [
      node("a", figures({ participants: 3 })),
      node("b", figures({ participants: 117 })),
    ]),
  );
  const area = {
    code: "p",
    level: "street",
    nameZhCn: '=HYPERLINK("x")',
    nameZhHk: "街",
    nameEn: 'Street, "One"',
    isSample: false,
  };
  const view: EngagementView = {
    area,
    trail: [],
    exact: false,
    period: { from: "2026-01-01", to: "2026-02-01" },
    weightsVersion: 2,
    freshAsOf: null,
    participantsExact: true,
    eligibleSource: "residents",
    figures: f.get("p")!,
    children: [
      { area: { ...area, code: "a", nameEn: "A" }, figures: f.get("a")! },
      { area: { ...area, code: "b", nameEn: "B" }, figures: f.get("b")! },
    ],
    childrenWithheld: false,
    series: null,
    comparison: null,
  };
  it("marks withheld cells in CSV and JSON and never writes their numbers", () => {
    const children = buildTables(view).find((t) => t.name === "children")!;
    const csv = toCsv(children);
    expect(csv.startsWith("\uFEFFcode,level,name_zh_cn")).toBe(true);
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",suppressed,");
    expect(csv).not.toMatch(/,3,/);
    // Quoted where needed, and a leading "=" cannot run as a spreadsheet formula.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    const json = toJsonRows(children);
    expect(json[0]).toMatchObject({ code: "a", participants: null });
    expect(json[0]!.suppressed).toEqual(expect.arrayContaining(["participants", "index"]));
  });
});
