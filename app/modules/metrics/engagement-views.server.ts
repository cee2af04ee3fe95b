import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import type { AreaSummary } from "~/modules/geography/queries.server";
import { getAreaByCode, listAncestors, listRootAreas } from "~/modules/geography/queries.server";
import { todayIn, type Granularity, type Period } from "./period";
import {
  compareFigures,
  exactFigures,
  isPublicLevel,
  protectTree,
  readDashboardQuery,
  seesExactFigures,
  type AreaRef,
  type DashboardQuery,
  type EngagementView,
  type SeriesPoint,
  type FigureNode,
  type Figures,
  type ShownFigures,
} from "./presentation";
import {
  getEngagement,
  getEngagementSeries,
  isGeneratedActivityPresent,
  listChildEngagement,
  type EngagementReport,
} from "./queries.server";

/**
 * What the engagement pages, their CSV/JSON downloads and the open-data API show for one area: the
 * same view for all of them, so a download never says more than the page.
 *
 * Officials of the area get exact figures. Everyone else gets the public view, and a public figure
 * depends on the whole family it belongs to (suppression.ts): to decide an area's cells we walk down
 * from the city, reading every family on the way (the city's districts, the district's streets, …).
 * That is a few rollup reads per family, and every page makes the same choices for the same cells.
 */

type ReportArea = EngagementReport["area"];

/**
 * A public page needs the families above its area, so every page of a district re-reads the city's and
 * the district's figures. They change only when the rollup runs (every 30 s on the embedded database),
 * so the reads of the last few seconds are shared: the promise is kept, so concurrent requests for the
 * same figures make one read. A few seconds on top of the rollup's own interval keeps figures well
 * within a minute of the ledger.
 */
const sharedReadMs = 10_000;
const sharedReadLimit = 500;
const sharedReads = new Map<string, { at: number; value: Promise<unknown> }>();

function shared<T>(key: string, read: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = sharedReads.get(key);
  if (hit && now - hit.at < sharedReadMs) return hit.value as Promise<T>;
  if (sharedReads.size >= sharedReadLimit) {
    for (const [k, entry] of sharedReads)
      if (now - entry.at >= sharedReadMs || sharedReads.size >= sharedReadLimit) sharedReads.delete(k);
  }
  const value = read();
  sharedReads.set(key, { at: now, value });
  value.catch(() => sharedReads.delete(key));
  return value;
}

const readReport = (areaCode: string, p: Period) =>
  shared(`report|${areaCode}|${p.from}|${p.to}`, () => getEngagement({ areaCode, ...p }));
const readChildren = (areaCode: string, p: Period) =>
  shared(`children|${areaCode}|${p.from}|${p.to}`, () => listChildEngagement({ areaCode, ...p }));
const readSeries = (areaCode: string, p: Period, granularity: Granularity) =>
  shared(`series|${areaCode}|${p.from}|${p.to}|${granularity}`, () =>
    getEngagementSeries({ areaCode, ...p, granularity }),
  );

/** Forgets the shared reads (tests that change figures and read them again at once). */
export function forgetSharedReads() {
  sharedReads.clear();
}

function areaRef(
  a: Pick<ReportArea, "code" | "level" | "nameZhCn" | "nameZhHk" | "nameEn" | "isSample">,
): AreaRef {
  return {
    code: a.code,
    level: a.level,
    nameZhCn: a.nameZhCn,
    nameZhHk: a.nameZhHk,
    nameEn: a.nameEn,
    isSample: a.isSample,
  };
}

function figuresOf(
  r: Pick<EngagementReport, "index" | "participants" | "events" | "eligibleResidents" | "components">,
): Figures {
  return {
    index: r.index,
    participants: r.participants,
    events: r.events,
    eligibleResidents: r.eligibleResidents,
    components: r.components,
  };
}

/** Whether the signed-in person (if any) sees this area's exact figures. */
export async function viewerSeesExact(
  userId: string | null,
  area: Pick<AreaSummary, "path">,
): Promise<boolean> {
  if (!userId) return false;
  return seesExactFigures(await listActiveRoles(userId), area.path);
}

/**
 * The families from the top of the hierarchy down to `area`, for one period: the top area's report and,
 * for each ancestor, the reports of all its (public) children. The result is a partial tree whose
 * families along the path are complete, which is all the top-down suppression needs.
 */
async function publicChain(chain: AreaSummary[], period: Period) {
  const top = chain[0]!;
  const [topReport, ...families] = await Promise.all([
    readReport(top.code, period),
    ...chain.slice(0, -1).map((a) => readChildren(a.code, period)),
  ]);
  return {
    topReport: topReport!,
    families: families.map((f) => f.filter((r) => isPublicLevel(r.area.level))),
  };
}

/** Builds the partial tree: each family hangs under the chain member it belongs to. */
function chainTree<T>(
  chain: AreaSummary[],
  top: T,
  families: T[][],
  codeOf: (x: T) => string,
  figures: (x: T) => Figures,
  last?: T[],
): FigureNode {
  const root: { key: string; figures: Figures; children: FigureNode[] } = {
    key: codeOf(top),
    figures: figures(top),
    children: [],
  };
  let parent = root;
  chain.forEach((member, depth) => {
    const family = depth < chain.length - 1 ? families[depth]! : (last ?? []);
    parent.children = family.map((x) => ({ key: codeOf(x), figures: figures(x), children: [] }));
    const next = chain[depth + 1];
    if (next) {
      const found = parent.children.find((c) => c.key === next.code) as typeof root | undefined;
      if (!found) throw new Error(`engagement chain broken at ${member.code} → ${next.code}`);
      parent = found;
    }
  });
  return root;
}

export async function loadEngagementView(options: {
  area: AreaSummary;
  exact: boolean;
  period: Period;
  /** Include the time series at this granularity. */
  granularity?: Granularity;
  /** Include a comparison of `period` (A) with this period (B). */
  compare?: Period;
  /** Weeks or months that start after this day are left out of the series (they cannot have data yet). */
  today?: string;
}): Promise<EngagementView> {
  const { area, exact, period } = options;
  const ancestors = await listAncestors(area);
  const chain = [...ancestors, area];

  let report: EngagementReport;
  let figures: ShownFigures;
  let children: EngagementView["children"];
  let childrenWithheld = false;
  let series: EngagementView["series"] = null;
  let comparison: EngagementView["comparison"] = null;

  if (exact) {
    const [own, childReports, seriesRows, bReport] = await Promise.all([
      getEngagement({ areaCode: area.code, ...period }),
      listChildEngagement({ areaCode: area.code, ...period }),
      options.granularity
        ? getEngagementSeries({ areaCode: area.code, ...period, granularity: options.granularity })
        : null,
      options.compare ? getEngagement({ areaCode: area.code, ...options.compare }) : null,
    ]);
    report = own!;
    figures = exactFigures(figuresOf(report));
    children = childReports.map((r) => ({ area: areaRef(r.area), figures: exactFigures(figuresOf(r)) }));
    if (seriesRows && options.granularity) {
      series = {
        granularity: options.granularity,
        counts: true,
        points: seriesRows.map((p) => ({
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          figures: exactFigures({ ...p, eligibleResidents: report.eligibleResidents }),
        })),
      };
    }
    if (bReport && options.compare) {
      const bFigures = exactFigures(figuresOf(bReport));
      comparison = { a: period, b: options.compare, bFigures, rows: compareFigures(figures, bFigures) };
    }
  } else {
    const ownChildrenPublic = area.level !== "community" && area.level !== "grid";
    const [{ topReport, families }, ownChildren] = await Promise.all([
      publicChain(chain, period),
      ownChildrenPublic ? readChildren(area.code, period) : Promise.resolve([]),
    ]);
    const publicChildren = ownChildren.filter((r) => isPublicLevel(r.area.level));
    childrenWithheld = area.level === "community";
    const tree = chainTree(chain, topReport, families, (r) => r.area.code, figuresOf, publicChildren);
    const shown = protectTree(tree);
    report =
      area.code === topReport.area.code
        ? topReport
        : families.at(-1)!.find((r) => r.area.code === area.code)!;
    figures = shown.get(area.code)!;
    children = publicChildren.map((r) => ({ area: areaRef(r.area), figures: shown.get(r.area.code)! }));

    if (options.granularity) {
      series = {
        granularity: options.granularity,
        counts: false,
        points: await publicSeries(chain, tree, period, options.granularity),
      };
    }
    if (options.compare) {
      const b = await publicChain(chain, options.compare);
      const bTree = chainTree(chain, b.topReport, b.families, (r) => r.area.code, figuresOf);
      const bFigures = protectTree(bTree).get(area.code)!;
      comparison = { a: period, b: options.compare, bFigures, rows: compareFigures(figures, bFigures) };
    }
  }

  if (series && options.today) {
    const today = options.today;
    series = { ...series, points: series.points.filter((p) => p.periodStart <= today) };
  }
  return {
    area: areaRef(area),
    trail: ancestors.map(areaRef),
    exact,
    period,
    weightsVersion: report.weightsVersion,
    freshAsOf: report.freshAsOf,
    participantsExact: report.participantsExact,
    eligibleSource: report.eligibleSource,
    figures,
    children,
    childrenWithheld,
    series,
    comparison,
  };
}

/**
 * The public series of `area`: each week or month is its own hierarchy, so each point is protected
 * with the same families as the period (every area of the chain's families, in that week or month).
 */
async function publicSeries(
  chain: AreaSummary[],
  tree: FigureNode,
  period: Period,
  granularity: Granularity,
): Promise<SeriesPoint[]> {
  const codes: string[] = [];
  const eligible = new Map<string, number | null>();
  const collect = (node: FigureNode) => {
    codes.push(node.key);
    eligible.set(node.key, node.figures.eligibleResidents);
    node.children?.forEach(collect);
  };
  // The area's own children are not needed: a cell's status comes from the families above it.
  const area = chain.at(-1)!;
  const trimmed = trimBelow(tree, area.code);
  collect(trimmed);
  const all = await Promise.all(codes.map((code) => readSeries(code, period, granularity)));
  const byCode = new Map(codes.map((code, i) => [code, all[i]!]));
  const own = byCode.get(area.code) ?? [];
  return own.map((point, b) => {
    const bucketTree = mapFigureTree(trimmed, (key) => {
      const p = byCode.get(key)?.[b];
      return p
        ? {
            index: p.index,
            participants: p.participants,
            events: p.events,
            eligibleResidents: eligible.get(key) ?? null,
            components: p.components,
          }
        : {
            index: null,
            participants: 0,
            events: 0,
            eligibleResidents: eligible.get(key) ?? null,
            components: [],
          };
    });
    return {
      periodStart: point.periodStart,
      periodEnd: point.periodEnd,
      figures: scoresOnly(protectTree(bucketTree).get(area.code)!),
    };
  });
}

/**
 * A public series shows the index, distinct participants and component scores only. Event counts and
 * the counts inside components add up over time (the weeks sum to the period shown above), which would
 * open a second dimension for subtraction; distinct people and scores do not add up that way.
 */
function scoresOnly(f: ShownFigures): ShownFigures {
  return {
    ...f,
    events: { value: null, suppressed: false },
    components: f.components.map((c) => ({
      ...c,
      value: null,
      numerator: null,
      denominator: null,
      n: null,
      extra: {},
    })),
  };
}

function trimBelow(node: FigureNode, code: string): FigureNode {
  if (node.key === code) return { key: node.key, figures: node.figures };
  return { key: node.key, figures: node.figures, children: node.children?.map((c) => trimBelow(c, code)) };
}

function mapFigureTree(node: FigureNode, figures: (key: string) => Figures): FigureNode {
  return {
    key: node.key,
    figures: figures(node.key),
    children: node.children?.map((c) => mapFigureTree(c, figures)),
  };
}

export type DashboardPage =
  | { status: "notFound" }
  | { status: "gridForbidden" }
  | { status: "ok"; exact: boolean; query: DashboardQuery; view: EngagementView; generatedActivity: boolean };

/** Area codes as they appear in addresses: official codes and generated grid codes. */
export const areaCodePattern = /^[0-9A-Za-z-]{1,40}$/;

/**
 * A dashboard request (page, CSV or JSON download): the area (the top of the hierarchy when `code` is
 * null), who is asking, the period and options from the address, and the view. Grids exist only for
 * officials whose role covers them; to anyone else a grid's dashboard is forbidden.
 */
export async function loadDashboardPage(options: {
  request: Request;
  code: string | null;
  include?: { series?: boolean; compare?: boolean };
}): Promise<DashboardPage> {
  const { request, code } = options;
  if (code !== null && !areaCodePattern.test(code)) return { status: "notFound" };
  const area = code === null ? ((await listRootAreas())[0] ?? null) : await getAreaByCode(code);
  if (!area) return { status: "notFound" };
  const user = await getUser(request);
  const exact = await viewerSeesExact(user?.id ?? null, area);
  if (!exact && !isPublicLevel(area.level)) return { status: "gridForbidden" };
  const query = readDashboardQuery(new URL(request.url).searchParams, todayIn());
  const include = options.include ?? { series: true, compare: true };
  const [view, generatedActivity] = await Promise.all([
    loadEngagementView({
      area,
      exact,
      period: query.period,
      granularity: include.series ? query.granularity : undefined,
      compare: include.compare ? query.compare : undefined,
      today: query.today,
    }),
    isGeneratedActivityPresent(),
  ]);
  return { status: "ok", exact, query, view, generatedActivity };
}
