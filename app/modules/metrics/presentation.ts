import { componentDefinition, componentKeys, type ComponentKey } from "./components";
import type { ComponentResult } from "./index-formula";
import {
  defaultPreset,
  matchingPreset,
  parseGranularity,
  parsePeriod,
  presetPeriod,
  previousPeriod,
  type Granularity,
  type Period,
  type PeriodErrors,
  type PeriodPreset,
} from "./period";
import { suppressTree, type CountNode } from "./suppression";

/**
 * How engagement figures are shown: who sees exact figures, which cells a public view hides, sorting
 * and comparison. Pure and client-safe; the server builds views with it and the pages only render them.
 */

// ---- Who sees what -----------------------------------------------------------------------------------

/** Roles that answer for an area (and so see its exact figures and its grids). */
export const officialRoles: readonly string[] = [
  "committee_member",
  "grid_worker",
  "street_official",
  "district_official",
  "city_official",
  "platform_admin",
];

type ScopedRole = { role: string; areaPath: string };

/**
 * Exact, unsuppressed figures for an area go to officials whose role covers it: their role's area is
 * the area itself or one of its ancestors (paths end with "/", so the prefix test is exact).
 */
export function seesExactFigures(roles: readonly ScopedRole[], areaPath: string): boolean {
  return roles.some((r) => officialRoles.includes(r.role) && areaPath.startsWith(r.areaPath));
}

/** The public sees city, district, street and community; grids only with exact access. */
export function isPublicLevel(level: string): boolean {
  return level === "city" || level === "district" || level === "street" || level === "community";
}

// ---- Figures and their public protection --------------------------------------------------------------

/** What is shown for one area (or one area in one week or month). */
export type Figures = {
  index: number | null;
  participants: number;
  events: number;
  eligibleResidents: number | null;
  components: readonly ComponentResult[];
};

/** A published number: `value` is null when it is suppressed (the hidden number never leaves the server). */
export type Figure = { value: number | null; suppressed: boolean };

/** A component as shown: when suppressed, every number in it is null. */
export type ShownComponent = Omit<ComponentResult, "n"> & { n: number | null; suppressed: boolean };

export type ShownFigures = {
  index: Figure;
  participants: Figure;
  events: Figure;
  eligibleResidents: Figure;
  components: ShownComponent[];
  /** Whether anything was withheld (the page then explains the rule). */
  anySuppressed: boolean;
};

export type FigureNode = { key: string; figures: Figures; children?: readonly FigureNode[] };

const componentOf = (f: Figures, key: ComponentKey) => f.components.find((c) => c.key === key);
const extraOf = (f: Figures, key: ComponentKey, name: string) => componentOf(f, key)?.extra[name] ?? null;
const difference = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : Math.max(0, a - b);

/**
 * Every count of people (or of people's acts) that a view publishes, directly or through a ratio.
 * Differences count too: with 120 eligible residents and 115 participants, "5 did not take part" is a
 * small count anyone can compute. Counts of institutional acts (matters answered, projects accepted,
 * decisions, NGO applications) describe offices and organisations, not people, and are not protected.
 */
const measures = {
  participants: (f: Figures) => f.participants,
  eligible: (f: Figures) => f.eligibleResidents,
  nonParticipants: (f: Figures) => difference(f.eligibleResidents, f.participants),
  events: (f: Figures) => f.events,
  deliberationActs: (f: Figures) => componentOf(f, "deliberation")?.numerator ?? null,
  stanceComments: (f: Figures) => extraOf(f, "deliberation", "stanceComments"),
  meetingAttendance: (f: Figures) => extraOf(f, "deliberation", "meetingAttendance"),
  voters: (f: Figures) => componentOf(f, "turnout")?.numerator ?? null,
  ballots: (f: Figures) => extraOf(f, "turnout", "ballots"),
  nonVoters: (f: Figures) => difference(f.eligibleResidents, componentOf(f, "turnout")?.numerator),
  respondents: (f: Figures) => componentOf(f, "satisfaction")?.n ?? null,
  satisfiedOrBasically: (f: Figures) => componentOf(f, "satisfaction")?.numerator ?? null,
  satisfied: (f: Figures) => extraOf(f, "satisfaction", "satisfied"),
  basically: (f: Figures) => extraOf(f, "satisfaction", "basically"),
  dissatisfied: (f: Figures) => extraOf(f, "satisfaction", "dissatisfied"),
} satisfies Record<string, (f: Figures) => number | null>;

type MeasureId = keyof typeof measures;

/**
 * The people counts behind each component. A component is shown whole or not at all: if any of its
 * counts is withheld for an area, so are its value and score (they would give the count back), and
 * the rest of its numbers (which are tied to it by sums).
 */
export const protectedCounts: Record<ComponentKey, readonly MeasureId[]> = {
  breadth: ["participants", "eligible", "nonParticipants"],
  deliberation: ["deliberationActs", "stanceComments", "meetingAttendance"],
  turnout: ["voters", "ballots", "eligible", "nonVoters"],
  responsiveness: [],
  delivery: [],
  satisfaction: ["respondents", "satisfiedOrBasically", "satisfied", "basically", "dissatisfied"],
  transparency: [],
  partnership: ["eligible"],
};

/** The named details a component reports beside its numerator and denominator (index-formula.ts). */
export const extraKeys: readonly string[] = [
  "stanceComments",
  "meetingAttendance",
  "items",
  "ballots",
  "medianResponseHours",
  "meanResponseHours",
  "satisfied",
  "basically",
  "dissatisfied",
  "outcomes",
  "notices",
  "decisions",
  "applications",
  "awards",
];

/** Components whose figures count people, for the methodology page. */
export function isPeopleComponent(key: ComponentKey): boolean {
  return protectedCounts[key].length > 0;
}

function mapTree(node: FigureNode, read: (f: Figures) => number | null): CountNode {
  return { key: node.key, value: read(node.figures), children: node.children?.map((c) => mapTree(c, read)) };
}

function walk(node: FigureNode, visit: (node: FigureNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

function hideComponent(c: ComponentResult): ShownComponent {
  return {
    ...c,
    score: null,
    value: null,
    numerator: null,
    denominator: null,
    n: null,
    extra: Object.fromEntries(Object.keys(c.extra).map((k) => [k, null])),
    suppressed: true,
  };
}

/** Exact figures, for officials of the area (and for the exact CSV/JSON they download). */
export function exactFigures(f: Figures): ShownFigures {
  const shown = (value: number | null): Figure => ({ value, suppressed: false });
  return {
    index: shown(f.index),
    participants: shown(f.participants),
    events: shown(f.events),
    eligibleResidents: shown(f.eligibleResidents),
    components: f.components.map((c) => ({ ...c, suppressed: false })),
    anySuppressed: false,
  };
}

/**
 * The public view of every area in a hierarchy (or in a part of it that holds complete families: an
 * area with all its children). Each count is suppressed family by family (suppression.ts); a
 * component is hidden where any of its counts is; a figure that is the same count in another place
 * (participants, eligible residents) is hidden with it; and the index is hidden where any component
 * with data is (from the index, the weights and the other scores, one hidden score could be solved for).
 */
export function protectTree(root: FigureNode): Map<string, ShownFigures> {
  const hidden = Object.fromEntries(
    (Object.keys(measures) as MeasureId[]).map((id) => [id, suppressTree(mapTree(root, measures[id]))]),
  ) as Record<MeasureId, Set<string>>;
  const out = new Map<string, ShownFigures>();
  walk(root, (node) => {
    const isHidden = (ids: readonly MeasureId[]) => ids.some((id) => hidden[id].has(node.key));
    const f = node.figures;
    const components = f.components.map((c) =>
      isHidden(protectedCounts[c.key]) ? hideComponent(c) : { ...c, suppressed: false },
    );
    const figure = (value: number | null, suppressed: boolean): Figure => ({
      value: suppressed ? null : value,
      suppressed,
    });
    const indexHidden = components.some((c) => c.suppressed && !c.noData);
    const shown: ShownFigures = {
      index: figure(f.index, indexHidden && f.index !== null),
      // Participants with eligible residents give non-participants: hidden where that is small too.
      participants: figure(f.participants, isHidden(["participants", "nonParticipants"])),
      events: figure(f.events, isHidden(["events"])),
      eligibleResidents: figure(f.eligibleResidents, isHidden(["eligible"])),
      components,
      anySuppressed: false,
    };
    shown.anySuppressed =
      shown.index.suppressed ||
      shown.participants.suppressed ||
      shown.events.suppressed ||
      shown.eligibleResidents.suppressed ||
      components.some((c) => c.suppressed);
    out.set(node.key, shown);
  });
  return out;
}

// ---- Views -------------------------------------------------------------------------------------------

export type AreaRef = {
  code: string;
  level: string;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  isSample: boolean;
};

export type SeriesPoint = { periodStart: string; periodEnd: string; figures: ShownFigures };

/** `counts`: event counts and component counts are shown per point (exact views only). */
export type SeriesView = { granularity: Granularity; counts: boolean; points: SeriesPoint[] };

export type EngagementView = {
  area: AreaRef;
  trail: AreaRef[];
  exact: boolean;
  period: Period;
  weightsVersion: number;
  freshAsOf: string | null;
  /** False when distinct participants are a lower bound (the period is not one whole week, month, quarter or year). */
  participantsExact: boolean;
  eligibleSource: "residents" | "generated" | "population" | null;
  figures: ShownFigures;
  children: Array<{ area: AreaRef; figures: ShownFigures }>;
  /** Children exist but are not shown (grids, to the public). */
  childrenWithheld: boolean;
  series: SeriesView | null;
  comparison: { a: Period; b: Period; bFigures: ShownFigures; rows: ComparisonRow[] } | null;
};

// ---- Ranking ------------------------------------------------------------------------------------------

export const sortKeys = ["index", ...componentKeys, "participants", "name"] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDir = "asc" | "desc";

export function parseSort(
  sort: string | null | undefined,
  dir: string | null | undefined,
): { sort: SortKey; dir: SortDir } {
  const key = (sortKeys as readonly string[]).includes(sort ?? "") ? (sort as SortKey) : "index";
  const fallbackDir: SortDir = key === "name" ? "asc" : "desc";
  return { sort: key, dir: dir === "asc" || dir === "desc" ? dir : fallbackDir };
}

export type RankingRow = { code: string; name: string; figures: ShownFigures };

/** The number a row is ranked by; null (no data or suppressed) always sorts last, in either direction. */
export function sortValue(row: RankingRow, key: SortKey): number | string | null {
  if (key === "name") return row.name;
  if (key === "index") return row.figures.index.value;
  if (key === "participants") return row.figures.participants.value;
  const c = row.figures.components.find((x) => x.key === key);
  return c && !c.suppressed && !c.noData ? c.score : null;
}

export function sortRows<T extends RankingRow>(
  rows: readonly T[],
  key: SortKey,
  dir: SortDir,
  locale = "zh-CN",
): T[] {
  const sign = dir === "asc" ? 1 : -1;
  const collator = new Intl.Collator(locale);
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null && y === null) return a.code.localeCompare(b.code);
    if (x === null) return 1;
    if (y === null) return -1;
    const order =
      typeof x === "string" || typeof y === "string" ? collator.compare(String(x), String(y)) : x - y;
    return order * sign || a.code.localeCompare(b.code);
  });
}

// ---- Comparison ---------------------------------------------------------------------------------------

export type ComparisonStatus = "ok" | "noData" | "suppressed";
export type ComparisonRow = {
  key: "index" | "participants" | ComponentKey;
  a: number | null;
  b: number | null;
  change: number | null;
  status: ComparisonStatus;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

function compareFigure(key: ComparisonRow["key"], a: Figure, b: Figure): ComparisonRow {
  const suppressed = a.suppressed || b.suppressed;
  const change = !suppressed && a.value !== null && b.value !== null ? round1(a.value - b.value) : null;
  return {
    key,
    a: a.value,
    b: b.value,
    change,
    status: suppressed ? "suppressed" : a.value === null || b.value === null ? "noData" : "ok",
  };
}

/** Period A against period B: the index, participants and each component's score, and the change A − B. */
export function compareFigures(a: ShownFigures, b: ShownFigures): ComparisonRow[] {
  const rows: ComparisonRow[] = [
    compareFigure("index", a.index, b.index),
    compareFigure("participants", a.participants, b.participants),
  ];
  for (const key of componentKeys) {
    const ca = a.components.find((c) => c.key === key);
    const cb = b.components.find((c) => c.key === key);
    const fig = (c: ShownComponent | undefined): Figure => ({
      value: c && !c.noData ? c.score : null,
      suppressed: c?.suppressed ?? false,
    });
    rows.push(compareFigure(key, fig(ca), fig(cb)));
  }
  return rows;
}

// ---- Display helpers ---------------------------------------------------------------------------------

/** A component's value in its own unit, for tables: a share as a percentage, others as a plain number. */
export function displayValue(key: ComponentKey, value: number | null, locale: string): string | null {
  if (value === null) return null;
  const unit = componentDefinition(key).unit;
  if (unit === "share")
    return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

export function displayNumber(value: number | null, locale: string, digits = 1): string | null {
  if (value === null) return null;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

// ---- A dashboard address ------------------------------------------------------------------------------

/** Everything a dashboard address can say (all GET parameters), read and checked. */
export type DashboardQuery = {
  today: string;
  /** What was typed, to show again in the forms. */
  input: { from: string; to: string; bfrom: string; bto: string };
  period: Period;
  preset: PeriodPreset | null;
  periodErrors: PeriodErrors | null;
  /** Period B of the comparison: the one chosen, else the period of the same length just before A. */
  compare: Period;
  compareErrors: PeriodErrors | null;
  granularity: Granularity;
  sort: SortKey;
  dir: SortDir;
};

/**
 * Reads a dashboard address. A bad period is reported (and the page falls back to the default period
 * so it still shows something useful next to the error); a bad sort or granularity falls back quietly.
 */
export function readDashboardQuery(params: URLSearchParams, today: string): DashboardQuery {
  const get = (name: string) => params.get(name)?.slice(0, 40) ?? null;
  const main = parsePeriod({ from: get("from"), to: get("to"), preset: get("preset") }, { today });
  const period = main.ok ? main.period : presetPeriod(defaultPreset, today);
  const bGiven = Boolean(get("bfrom")?.trim() || get("bto")?.trim());
  const b = bGiven
    ? parsePeriod({ from: get("bfrom"), to: get("bto") }, { today, defaultPreset: null })
    : null;
  const compare = b?.ok ? b.period : previousPeriod(period);
  const { sort, dir } = parseSort(get("sort"), get("dir"));
  return {
    today,
    input: {
      from: main.ok ? period.from : (get("from") ?? ""),
      to: main.ok ? period.to : (get("to") ?? ""),
      bfrom: b && !b.ok ? (get("bfrom") ?? "") : compare.from,
      bto: b && !b.ok ? (get("bto") ?? "") : compare.to,
    },
    period,
    preset: main.ok ? (main.preset ?? matchingPreset(period, today)) : null,
    periodErrors: main.ok ? null : main.errors,
    compare,
    compareErrors: b && !b.ok ? b.errors : null,
    granularity: parseGranularity(get("granularity"), period),
    sort,
    dir,
  };
}

/** The parameters that reproduce a dashboard state, for links (sorting, downloads) and hidden fields. */
export function dashboardParams(
  q: Pick<DashboardQuery, "period" | "compare" | "granularity" | "sort" | "dir">,
): Record<string, string> {
  return {
    from: q.period.from,
    to: q.period.to,
    granularity: q.granularity,
    bfrom: q.compare.from,
    bto: q.compare.to,
    sort: q.sort,
    dir: q.dir,
  };
}

// ---- Downloadable tables ------------------------------------------------------------------------------

/**
 * Every table of a dashboard as plain rows, for the CSV and JSON downloads. Column names are stable
 * English identifiers (open data is read by programs); area names come in all three languages. A
 * withheld cell is marked, never filled in: CSV writes `suppressed`, JSON lists it under `suppressed`.
 */
export const downloadTables = ["summary", "components", "children", "series", "comparison"] as const;
export type DownloadTable = (typeof downloadTables)[number];

export function isDownloadTable(value: unknown): value is DownloadTable {
  return typeof value === "string" && (downloadTables as readonly string[]).includes(value);
}

export type Cell = { v: string | number | boolean | null; suppressed?: true };
export type TableData = { name: DownloadTable; columns: string[]; rows: Array<Record<string, Cell>> };

const cell = (v: Cell["v"]): Cell => ({ v });
const fig = (f: Figure): Cell => (f.suppressed ? { v: null, suppressed: true } : { v: f.value });
const componentScore = (f: ShownFigures, key: ComponentKey): Cell => {
  const c = f.components.find((x) => x.key === key);
  if (!c) return cell(null);
  return c.suppressed ? { v: null, suppressed: true } : cell(c.noData ? null : c.score);
};
const scoreColumns = componentKeys.map((k) => `${k}_score`);
const areaCells = (a: AreaRef) => ({
  code: cell(a.code),
  level: cell(a.level),
  name_zh_cn: cell(a.nameZhCn),
  name_zh_hk: cell(a.nameZhHk),
  name_en: cell(a.nameEn),
});

export function buildTables(
  view: EngagementView,
  options: { generatedActivity?: boolean } = {},
): TableData[] {
  const f = view.figures;
  const tables: TableData[] = [
    {
      name: "summary",
      columns: [
        "code",
        "level",
        "name_zh_cn",
        "name_zh_hk",
        "name_en",
        "from",
        "to_exclusive",
        "figures",
        "weights_version",
        "index",
        "participants",
        "participants_exact",
        "events",
        "eligible_residents",
        "eligible_source",
        "fresh_as_of",
        "generated_activity",
      ],
      rows: [
        {
          ...areaCells(view.area),
          from: cell(view.period.from),
          to_exclusive: cell(view.period.to),
          figures: cell(view.exact ? "exact" : "public"),
          weights_version: cell(view.weightsVersion),
          index: fig(f.index),
          participants: fig(f.participants),
          participants_exact: cell(view.participantsExact),
          events: fig(f.events),
          eligible_residents: fig(f.eligibleResidents),
          eligible_source: cell(view.eligibleSource),
          fresh_as_of: cell(view.freshAsOf),
          generated_activity: cell(options.generatedActivity ?? null),
        },
      ],
    },
    {
      name: "components",
      columns: [
        "component",
        "weight",
        "no_data",
        "score",
        "value",
        "numerator",
        "denominator",
        "n",
        "details",
      ],
      rows: f.components.map((c) => {
        const hidden = (v: number | null): Cell => (c.suppressed ? { v: null, suppressed: true } : cell(v));
        const details = Object.entries(c.extra)
          .map(([k, v]) => `${k}=${c.suppressed ? "suppressed" : (v ?? "")}`)
          .join("; ");
        return {
          component: cell(c.key),
          weight: cell(c.weight),
          no_data: cell(c.noData),
          score: hidden(c.noData ? null : c.score),
          value: hidden(c.value),
          numerator: hidden(c.numerator),
          denominator: hidden(c.denominator),
          n: hidden(c.n),
          details: cell(details),
        };
      }),
    },
    {
      name: "children",
      columns: [
        "code",
        "level",
        "name_zh_cn",
        "name_zh_hk",
        "name_en",
        "index",
        "participants",
        "events",
        ...scoreColumns,
      ],
      rows: view.children.map((child) => ({
        ...areaCells(child.area),
        index: fig(child.figures.index),
        participants: fig(child.figures.participants),
        events: fig(child.figures.events),
        ...Object.fromEntries(componentKeys.map((k) => [`${k}_score`, componentScore(child.figures, k)])),
      })),
    },
  ];
  if (view.series) {
    const counts = view.series.counts;
    tables.push({
      name: "series",
      columns: [
        "period_start",
        "period_end_exclusive",
        "index",
        "participants",
        ...(counts ? ["events"] : []),
        ...scoreColumns,
      ],
      rows: view.series.points.map((p) => ({
        period_start: cell(p.periodStart),
        period_end_exclusive: cell(p.periodEnd),
        index: fig(p.figures.index),
        participants: fig(p.figures.participants),
        ...(counts ? { events: fig(p.figures.events) } : {}),
        ...Object.fromEntries(componentKeys.map((k) => [`${k}_score`, componentScore(p.figures, k)])),
      })),
    });
  }
  if (view.comparison) {
    const { a, b } = view.comparison;
    tables.push({
      name: "comparison",
      columns: ["measure", "a_from", "a_to_exclusive", "a", "b_from", "b_to_exclusive", "b", "change"],
      rows: view.comparison.rows.map((r) => {
        const hidden = (v: number | null): Cell =>
          r.status === "suppressed" && v === null ? { v: null, suppressed: true } : cell(v);
        return {
          measure: cell(r.key),
          a_from: cell(a.from),
          a_to_exclusive: cell(a.to),
          a: hidden(r.a),
          b_from: cell(b.from),
          b_to_exclusive: cell(b.to),
          b: hidden(r.b),
          change: hidden(r.change),
        };
      }),
    });
  }
  return tables;
}

function csvField(c: Cell | undefined): string {
  if (!c) return "";
  if (c.suppressed) return "suppressed";
  if (c.v === null) return "";
  const text = String(c.v);
  // Quote when needed; a leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof c.v === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese names correctly. */
export function toCsv(table: TableData): string {
  const lines = [
    table.columns.join(","),
    ...table.rows.map((row) => table.columns.map((c) => csvField(row[c])).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** JSON rows: plain values, with the names of withheld columns listed in `suppressed`. */
export function toJsonRows(table: TableData): Array<Record<string, unknown>> {
  return table.rows.map((row) => {
    const out: Record<string, unknown> = {};
    const suppressed: string[] = [];
    for (const column of table.columns) {
      const c = row[column];
      out[column] = c?.v ?? null;
      if (c?.suppressed) suppressed.push(column);
    }
    out.suppressed = suppressed;
    return out;
  });
}
