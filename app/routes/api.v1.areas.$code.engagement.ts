import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolveLocale, fixedT } from "~/i18n/i18n.server";
import { getAreaByCode } from "~/modules/geography/queries.server";
import { areaCodePattern, loadEngagementView } from "~/modules/metrics/engagement-views.server";
import { parsePeriod, todayIn, type PeriodErrors } from "~/modules/metrics/period";
import { isPublicLevel, type AreaRef, type Figure, type ShownFigures } from "~/modules/metrics/presentation";
import { isGeneratedActivityPresent } from "~/modules/metrics/queries.server";

/**
 * `GET /api/v1/areas/:code/engagement?from=YYYY-MM-DD&to=YYYY-MM-DD` (to exclusive; both omitted = the
 * last 12 months): the public view of an area's engagement, with small counts withheld exactly as on
 * the public dashboard. Never personalised (no cookies read), so any cache may keep it for a minute.
 * Described in /api/v1/openapi.json.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  const t = await fixedT(locale);
  const url = new URL(request.url);
  const fail = (status: number, code: string, message: string, fields?: PeriodErrors) =>
    json(status, { error: { code, message, ...(fields ? { fields: translateFields(fields, t) } : {}) } });

  const code = params.code ?? "";
  if (!areaCodePattern.test(code)) return fail(404, "not_found", t("metrics:api.notFound"));
  const parsed = parsePeriod(
    { from: url.searchParams.get("from"), to: url.searchParams.get("to") },
    { today: todayIn() },
  );
  if (!parsed.ok) return fail(400, "invalid_period", t("metrics:api.invalidPeriod"), parsed.errors);
  const area = await getAreaByCode(code);
  // Grids are for the officials responsible for them; to the public they do not exist.
  if (!area || !isPublicLevel(area.level)) return fail(404, "not_found", t("metrics:api.notFound"));

  const [view, generatedActivity] = await Promise.all([
    loadEngagementView({ area, exact: false, period: parsed.period }),
    isGeneratedActivityPresent(),
  ]);
  const origin = url.origin;
  return json(200, {
    area: apiArea(view.area),
    trail: view.trail.map(apiArea),
    period: { from: view.period.from, to: view.period.to },
    figures: "public",
    weightsVersion: view.weightsVersion,
    participantsExact: view.participantsExact,
    eligibleSource: view.eligibleSource,
    freshAsOf: view.freshAsOf,
    generatedActivity,
    ...apiFigures(view.figures),
    children: view.children.map((c) => ({ area: apiArea(c.area), ...apiFigures(c.figures) })),
    links: {
      self: `${origin}/api/v1/areas/${view.area.code}/engagement?from=${view.period.from}&to=${view.period.to}`,
      dashboard: `${origin}/engagement/${view.area.code}?from=${view.period.from}&to=${view.period.to}`,
      methodology: `${origin}/engagement/methodology`,
      openapi: `${origin}/api/v1/openapi.json`,
    },
  });
}

function apiArea(a: AreaRef) {
  return {
    code: a.code,
    level: a.level,
    names: { "zh-CN": a.nameZhCn, "zh-HK": a.nameZhHk, en: a.nameEn },
    isSample: a.isSample,
  };
}

const figure = (f: Figure) => ({ value: f.value, suppressed: f.suppressed });

function apiFigures(f: ShownFigures) {
  return {
    index: figure(f.index),
    participants: figure(f.participants),
    events: figure(f.events),
    eligibleResidents: figure(f.eligibleResidents),
    components: f.components.map((c) => ({
      key: c.key,
      weight: c.weight,
      noData: c.noData,
      suppressed: c.suppressed,
      score: c.noData ? null : c.score,
      value: c.value,
      numerator: c.numerator,
      denominator: c.denominator,
      n: c.n,
      extra: c.extra,
    })),
  };
}

function translateFields(errors: PeriodErrors, t: (key: string) => string) {
  return Object.fromEntries(
    Object.entries(errors).map(([field, keys]) => [field, (keys ?? []).map((k) => t(k))]),
  );
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // Errors are not cached: the next request may be a corrected one for the same address.
      "Cache-Control": status === 200 ? "public, max-age=60" : "no-store",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
