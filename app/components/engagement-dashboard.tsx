import { Form, Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import { TimeChart } from "~/components/charts/time-chart";
import type { Locale } from "~/i18n/config";
import { localizedName } from "~/lib/localized-name";
import { componentDefinition, componentKeys, type ComponentKey } from "~/modules/metrics/components";
import { lastDay, periodPresets, type Period, type PeriodErrors } from "~/modules/metrics/period";
import {
  dashboardParams,
  displayNumber,
  displayValue,
  extraKeys,
  sortRows,
  type ComparisonRow,
  type DashboardQuery,
  type DownloadTable,
  type EngagementView,
  type Figure,
  type RankingRow,
  type ShownComponent,
  type SortKey,
} from "~/modules/metrics/presentation";
import { TableRegion } from "~/components/table-region";

export type DashboardData = {
  locale: Locale;
  exact: boolean;
  query: DashboardQuery;
  view: EngagementView;
  generatedActivity: boolean;
};

type T = ReturnType<typeof useTranslation>["t"];

function formatDate(iso: string, locale: Locale) {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  }).format(Date.UTC(y, m - 1, d));
}

function periodText(t: T, period: Period, locale: Locale) {
  return t("metrics:dashboard.periodText", {
    from: formatDate(period.from, locale),
    to: formatDate(lastDay(period), locale),
  });
}

function hrefWith(base: string, params: Record<string, string>, overrides: Record<string, string> = {}) {
  return `${base}?${new URLSearchParams({ ...params, ...overrides }).toString()}`;
}

/** A number, "no data yet" or the withheld marker, with a readable explanation for screen readers. */
function FigureCell({ figure, format }: { figure: Figure; format: (v: number) => string }) {
  const { t } = useTranslation();
  if (figure.suppressed) return <Withheld />;
  if (figure.value === null) return <span className="muted">{t("metrics:cells.noData")}</span>;
  return <>{format(figure.value)}</>;
}

function Withheld() {
  const { t } = useTranslation();
  return (
    <a href="#suppression" className="withheld">
      <span aria-hidden="true">{t("metrics:cells.suppressed")}</span>
      <span className="visually-hidden">{t("metrics:cells.suppressedLabel")}</span>
    </a>
  );
}

function ScoreCell({ component }: { component: ShownComponent | undefined }) {
  const { t, i18n } = useTranslation();
  if (!component) return null;
  if (component.suppressed) return <Withheld />;
  if (component.noData || component.score === null)
    return <span className="muted">{t("metrics:cells.noData")}</span>;
  return <>{displayNumber(component.score, i18n.language)}</>;
}

/** A table that scrolls sideways inside its own box on narrow screens (keyboard-reachable, named). */
function Downloads({
  base,
  params,
  table,
}: {
  base: string;
  params: Record<string, string>;
  table: DownloadTable;
}) {
  const { t } = useTranslation();
  const name = t(`metrics:downloads.tables.${table}`);
  return (
    <p className="downloads">
      {t("metrics:downloads.label", { table: name })}{" "}
      <a href={hrefWith(`${base}.csv`, params, { table })} download>
        {t("metrics:downloads.csv")}
        <span className="visually-hidden"> {name}</span>
      </a>{" "}
      ·{" "}
      <a href={hrefWith(`${base}.json`, params, { table })} download>
        {t("metrics:downloads.json")}
        <span className="visually-hidden"> {name}</span>
      </a>
    </p>
  );
}

function ErrorText({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => t(e)).join(" ")}
    </p>
  );
}

function DateField({
  name,
  label,
  value,
  errors,
  hint,
}: {
  name: string;
  label: string;
  value: string;
  errors?: string[];
  hint?: string;
}) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type="date"
        name={name}
        defaultValue={value}
        min="2000-01-01"
        max="2099-12-31"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
      />
      <ErrorText id={`${id}-error`} errors={errors} />
    </div>
  );
}

function Hidden({ params, except }: { params: Record<string, string>; except: string[] }) {
  return (
    <>
      {Object.entries(params)
        .filter(([name]) => !except.includes(name))
        .map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
    </>
  );
}

function PeriodForm({ data, params }: { data: DashboardData; params: Record<string, string> }) {
  const { t } = useTranslation();
  const { query } = data;
  const errors: PeriodErrors = query.periodErrors ?? {};
  return (
    <Form method="get" className="period-form" aria-labelledby="period-title">
      <h2 id="period-title">{t("metrics:period.legend")}</h2>
      {query.periodErrors ? (
        <div className="form-error" role="alert">
          <p>{t("metrics:period.invalid")}</p>
          <ErrorText id="period-errors" errors={errors.period} />
        </div>
      ) : null}
      <Hidden params={params} except={["from", "to", "bfrom", "bto"]} />
      <div className="period-fields">
        <DateField
          name="from"
          label={t("metrics:period.from")}
          value={query.input.from}
          errors={errors.from}
        />
        <DateField
          name="to"
          label={t("metrics:period.to")}
          hint={t("metrics:period.toHint")}
          value={query.input.to}
          errors={errors.to}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="primary">
          {t("metrics:period.apply")}
        </button>
      </div>
      <fieldset className="presets">
        <legend>{t("metrics:period.presets")}</legend>
        {periodPresets.map((preset) => (
          <button
            key={preset}
            type="submit"
            name="preset"
            value={preset}
            className="secondary"
            aria-pressed={query.preset === preset}
          >
            {t(`metrics:period.preset.${preset}`)}
          </button>
        ))}
      </fieldset>
    </Form>
  );
}

function Overview({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const { view, locale } = data;
  const f = view.figures;
  const n = (v: number) => new Intl.NumberFormat(locale).format(v);
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">{t("metrics:summary.title")}</h2>
      <dl className="stat-grid">
        <div className="stat">
          <dt>{t("metrics:summary.index")}</dt>
          <dd className="stat-value">
            {f.index.value === null && !f.index.suppressed ? (
              <span className="muted stat-note">{t("metrics:summary.noIndex")}</span>
            ) : (
              <FigureCell figure={f.index} format={(v) => displayNumber(v, locale)!} />
            )}
          </dd>
        </div>
        <div className="stat">
          <dt>{t("metrics:summary.participants")}</dt>
          <dd className="stat-value">
            {!view.participantsExact && f.participants.value ? (
              t("metrics:summary.lowerBound", { value: n(f.participants.value) })
            ) : (
              <FigureCell figure={f.participants} format={n} />
            )}
          </dd>
        </div>
        <div className="stat">
          <dt>{t("metrics:summary.events")}</dt>
          <dd className="stat-value">
            <FigureCell figure={f.events} format={n} />
          </dd>
        </div>
        <div className="stat">
          <dt>{t("metrics:summary.eligible")}</dt>
          <dd className="stat-value">
            <FigureCell figure={f.eligibleResidents} format={n} />
          </dd>
        </div>
      </dl>
      {!view.participantsExact ? <p className="muted">{t("metrics:components.participantsRule")}</p> : null}
      {view.eligibleSource === "generated" ? (
        <p className="muted">{t("metrics:dashboard.generatedResidents")}</p>
      ) : null}
      {view.eligibleSource === "population" ? (
        <p className="muted">{t("metrics:dashboard.populationResidents")}</p>
      ) : null}
      <p className="muted">
        {t("metrics:summary.weightsVersion", { version: view.weightsVersion })} ·{" "}
        {view.freshAsOf
          ? t("metrics:dashboard.freshAsOf", {
              time: new Intl.DateTimeFormat(locale, {
                dateStyle: "medium",
                timeStyle: "short",
                timeZone: "Asia/Shanghai",
              }).format(new Date(view.freshAsOf)),
            })
          : t("metrics:dashboard.notFresh")}
      </p>
    </section>
  );
}

function componentName(t: T, key: ComponentKey) {
  return t(componentDefinition(key).nameKey);
}

function ComponentsSection({
  data,
  base,
  params,
}: {
  data: DashboardData;
  base: string;
  params: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { view, locale } = data;
  const name = localizedName(view.area, locale);
  const components = view.figures.components;
  const count = (v: number | null) =>
    v === null ? "" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v);
  return (
    <section aria-labelledby="components-title">
      <h2 id="components-title">{t("metrics:componentsTable.title")}</h2>
      <p>{t("metrics:components.indexRule")}</p>
      <figure className="chart-figure">
        <figcaption>{t("metrics:componentsTable.chartTitle", { name })}</figcaption>
        <BarChart
          title={t("metrics:componentsTable.chartTitle", { name })}
          description={t("metrics:componentsTable.chartDesc")}
          series={[{ name: periodText(t, view.period, locale) }]}
          rows={components.map((c) => ({
            key: c.key,
            label: componentName(t, c.key),
            values: [c.suppressed || c.noData ? null : c.score],
            notes: [c.suppressed ? t("metrics:cells.suppressed") : t("metrics:cells.noData")],
          }))}
        />
      </figure>
      <TableRegion label={t("metrics:componentsTable.caption", { name })}>
        <table className="data-table">
          <caption className="visually-hidden">{t("metrics:componentsTable.caption", { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics:componentsTable.columns.component")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.weight")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.score")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.value")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.numerator")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.denominator")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.n")}</th>
              <th scope="col">{t("metrics:componentsTable.columns.details")}</th>
            </tr>
          </thead>
          <tbody>
            {components.map((c) => (
              <tr key={c.key}>
                <th scope="row">{componentName(t, c.key)}</th>
                <td>{c.weight}</td>
                <td>
                  <ScoreCell component={c} />
                </td>
                {c.suppressed ? (
                  <td colSpan={5}>
                    <Withheld />
                  </td>
                ) : (
                  <>
                    <td>
                      {c.noData ? (
                        <span className="muted">{t("metrics:cells.noData")}</span>
                      ) : (
                        displayValue(c.key, c.value, locale)
                      )}
                    </td>
                    <td>{count(c.numerator)}</td>
                    <td>{count(c.denominator)}</td>
                    <td>{count(c.n)}</td>
                    <td className="details">
                      {Object.entries(c.extra)
                        .filter(([k]) => extraKeys.includes(k))
                        .map(([k, v]) => `${t(`metrics:extra.${k}`)}: ${v === null ? "—" : count(v)}`)
                        .join("; ")}
                    </td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Downloads base={base} params={params} table="components" />
    </section>
  );
}

function SortHeader({
  label,
  sortKey,
  data,
  base,
  params,
}: {
  label: string;
  sortKey: SortKey;
  data: DashboardData;
  base: string;
  params: Record<string, string>;
}) {
  const { query } = data;
  const active = query.sort === sortKey;
  const nextDir = active ? (query.dir === "asc" ? "desc" : "asc") : sortKey === "name" ? "asc" : "desc";
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={hrefWith(base, params, { sort: sortKey, dir: nextDir })} preventScrollReset>
        {label}
        {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </Link>
    </th>
  );
}

function RankingSection({
  data,
  base,
  params,
}: {
  data: DashboardData;
  base: string;
  params: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { view, locale, query } = data;
  const name = localizedName(view.area, locale);
  if (view.children.length === 0) {
    return view.childrenWithheld ? (
      <section aria-labelledby="ranking-title">
        <h2 id="ranking-title">{t("metrics:ranking.title", { name })}</h2>
        <p>{t("metrics:ranking.gridsWithheld")}</p>
      </section>
    ) : null;
  }
  const rows: RankingRow[] = view.children.map((c) => ({
    code: c.area.code,
    name: localizedName(c.area, locale),
    figures: c.figures,
  }));
  const sorted = sortRows(rows, query.sort, query.dir, locale);
  const sampleShown = view.children.some((c) => c.area.isSample);
  return (
    <section aria-labelledby="ranking-title">
      <h2 id="ranking-title">{t("metrics:ranking.title", { name })}</h2>
      {sampleShown ? <p className="muted">{t("metrics:dashboard.sampleAreas")}</p> : null}
      <figure className="chart-figure">
        <figcaption>{t("metrics:ranking.chartTitle", { name })}</figcaption>
        <BarChart
          title={t("metrics:ranking.chartTitle", { name })}
          description={t("metrics:ranking.chartDesc")}
          series={[{ name: periodText(t, view.period, locale) }]}
          rows={sorted.map((r) => ({
            key: r.code,
            label: r.name,
            values: [r.figures.index.value],
            notes: [r.figures.index.suppressed ? t("metrics:cells.withheld") : t("metrics:cells.noData")],
          }))}
        />
      </figure>
      <TableRegion label={t("metrics:ranking.caption", { name })}>
        <table className="data-table">
          <caption className="visually-hidden">{t("metrics:ranking.caption", { name })}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t("metrics:ranking.columns.name")}
                sortKey="name"
                data={data}
                base={base}
                params={params}
              />
              <SortHeader
                label={t("metrics:ranking.columns.index")}
                sortKey="index"
                data={data}
                base={base}
                params={params}
              />
              <SortHeader
                label={t("metrics:ranking.columns.participants")}
                sortKey="participants"
                data={data}
                base={base}
                params={params}
              />
              {componentKeys.map((key) => (
                <SortHeader
                  key={key}
                  label={componentName(t, key)}
                  sortKey={key}
                  data={data}
                  base={base}
                  params={params}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.code}>
                <th scope="row">
                  <Link
                    to={hrefWith(`/engagement/${row.code}`, { from: query.period.from, to: query.period.to })}
                  >
                    {row.name}
                  </Link>
                </th>
                <td>
                  <FigureCell figure={row.figures.index} format={(v) => displayNumber(v, locale)!} />
                </td>
                <td>
                  <FigureCell
                    figure={row.figures.participants}
                    format={(v) => new Intl.NumberFormat(locale).format(v)}
                  />
                </td>
                {componentKeys.map((key) => (
                  <td key={key}>
                    <ScoreCell component={row.figures.components.find((c) => c.key === key)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <p className="muted">{t("metrics:ranking.howToSort")}</p>
      <Downloads base={base} params={params} table="children" />
    </section>
  );
}

function periodLabel(start: string, granularity: "week" | "month", locale: Locale) {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const date = Date.UTC(y, m - 1, d);
  return granularity === "month"
    ? new Intl.DateTimeFormat(locale, { year: "2-digit", month: "short", timeZone: "UTC" }).format(date)
    : new Intl.DateTimeFormat(locale, { month: "numeric", day: "numeric", timeZone: "UTC" }).format(date);
}

function SeriesSection({
  data,
  base,
  params,
}: {
  data: DashboardData;
  base: string;
  params: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { view, locale, query } = data;
  const series = view.series;
  if (!series) return null;
  const name = localizedName(view.area, locale);
  const unit = t(`metrics:series.${series.granularity}`);
  const n = (v: number) => new Intl.NumberFormat(locale).format(v);
  const points = series.points.map((p) => ({
    key: p.periodStart,
    label: periodLabel(p.periodStart, series.granularity, locale),
    full: t("metrics:dashboard.periodText", {
      from: formatDate(p.periodStart, locale),
      to: formatDate(lastDay({ from: p.periodStart, to: p.periodEnd }), locale),
    }),
    p,
  }));
  return (
    <section aria-labelledby="series-title">
      <h2 id="series-title">{t("metrics:series.title")}</h2>
      <Form method="get" className="inline-form" preventScrollReset>
        <Hidden params={params} except={["granularity"]} />
        <fieldset>
          <legend>{t("metrics:series.granularity")}</legend>
          {(["week", "month"] as const).map((g) => (
            <label key={g} className="choice">
              <input type="radio" name="granularity" value={g} defaultChecked={query.granularity === g} />{" "}
              {t(`metrics:series.${g}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="secondary">
          {t("metrics:series.apply")}
        </button>
      </Form>
      {!series.counts ? <p className="muted">{t("metrics:series.publicNote")}</p> : null}
      <figure className="chart-figure">
        <figcaption>{t("metrics:series.indexChartTitle", { name, unit })}</figcaption>
        <TimeChart
          mode="line"
          max={100}
          title={t("metrics:series.indexChartTitle", { name, unit })}
          description={t("metrics:series.chartDesc")}
          points={points.map((x) => ({ key: x.key, label: x.label, value: x.p.figures.index.value }))}
        />
      </figure>
      <figure className="chart-figure">
        <figcaption>{t("metrics:series.participantsChartTitle", { name, unit })}</figcaption>
        <TimeChart
          mode="columns"
          formatTick={(v) => new Intl.NumberFormat(locale, { notation: "compact" }).format(v)}
          title={t("metrics:series.participantsChartTitle", { name, unit })}
          description={t("metrics:series.chartDesc")}
          points={points.map((x) => ({ key: x.key, label: x.label, value: x.p.figures.participants.value }))}
        />
      </figure>
      <TableRegion label={t("metrics:series.caption", { name, unit })}>
        <table className="data-table">
          <caption className="visually-hidden">{t("metrics:series.caption", { name, unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics:series.columns.period")}</th>
              <th scope="col">{t("metrics:series.columns.index")}</th>
              <th scope="col">{t("metrics:series.columns.participants")}</th>
              {series.counts ? <th scope="col">{t("metrics:series.columns.events")}</th> : null}
              {componentKeys.map((key) => (
                <th key={key} scope="col">
                  {componentName(t, key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map(({ key, full, p }) => (
              <tr key={key}>
                <th scope="row">{full}</th>
                <td>
                  <FigureCell figure={p.figures.index} format={(v) => displayNumber(v, locale)!} />
                </td>
                <td>
                  <FigureCell figure={p.figures.participants} format={n} />
                </td>
                {series.counts ? (
                  <td>
                    <FigureCell figure={p.figures.events} format={n} />
                  </td>
                ) : null}
                {componentKeys.map((k) => (
                  <td key={k}>
                    <ScoreCell component={p.figures.components.find((c) => c.key === k)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Downloads base={base} params={params} table="series" />
    </section>
  );
}

function comparisonLabel(t: T, key: ComparisonRow["key"]) {
  if (key === "index") return t("metrics:comparison.index");
  if (key === "participants") return t("metrics:comparison.participants");
  return componentName(t, key);
}

function ComparisonSection({
  data,
  base,
  params,
}: {
  data: DashboardData;
  base: string;
  params: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { view, locale, query } = data;
  const comparison = view.comparison;
  if (!comparison) return null;
  const errors = query.compareErrors ?? {};
  const num = (v: number | null, digits = 1) =>
    v === null ? null : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  const signed = (v: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(v);
  const aText = periodText(t, comparison.a, locale);
  const bText = periodText(t, comparison.b, locale);
  const scoreRows = comparison.rows.filter((r) => r.key !== "participants");
  const cellFor = (r: ComparisonRow, v: number | null, format: (x: number) => string | null) =>
    r.status === "suppressed" && v === null ? (
      <Withheld />
    ) : v === null ? (
      <span className="muted">{t("metrics:cells.noData")}</span>
    ) : (
      format(v)
    );
  return (
    <section aria-labelledby="comparison-title">
      <h2 id="comparison-title">{t("metrics:comparison.title")}</h2>
      <p className="muted">{t("metrics:comparison.defaultNote")}</p>
      <Form method="get" className="compare-form" preventScrollReset>
        <Hidden params={params} except={["from", "to", "bfrom", "bto"]} />
        {query.compareErrors ? (
          <div className="form-error" role="alert">
            <p>{t("metrics:comparison.invalid")}</p>
            <ErrorText id="compare-errors" errors={errors.period} />
          </div>
        ) : null}
        <fieldset>
          <legend>{t("metrics:comparison.a")}</legend>
          <div className="period-fields">
            <DateField name="from" label={t("metrics:period.from")} value={query.input.from} />
            <DateField name="to" label={t("metrics:period.to")} value={query.input.to} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("metrics:comparison.b")}</legend>
          <div className="period-fields">
            <DateField
              name="bfrom"
              label={t("metrics:period.from")}
              value={query.input.bfrom}
              errors={errors.from}
            />
            <DateField name="bto" label={t("metrics:period.to")} value={query.input.bto} errors={errors.to} />
          </div>
        </fieldset>
        <button type="submit" className="secondary">
          {t("metrics:comparison.apply")}
        </button>
      </Form>
      <figure className="chart-figure">
        <figcaption>{t("metrics:comparison.chartTitle", { a: aText, b: bText })}</figcaption>
        <ul className="chart-legend">
          <li>
            <span className="swatch chart-swatch-primary" aria-hidden="true" />{" "}
            {t("metrics:comparison.aLegend", { period: aText })}
          </li>
          <li>
            <span className="swatch chart-swatch-secondary" aria-hidden="true" />{" "}
            {t("metrics:comparison.bLegend", { period: bText })}
          </li>
        </ul>
        <BarChart
          title={t("metrics:comparison.chartTitle", { a: aText, b: bText })}
          description={t("metrics:comparison.chartDesc")}
          series={[{ name: aText }, { name: bText }]}
          rows={scoreRows.map((r) => ({
            key: r.key,
            label: comparisonLabel(t, r.key),
            values: [r.a, r.b],
            notes: [
              r.a === null && r.status === "suppressed"
                ? t("metrics:cells.withheld")
                : t("metrics:cells.noData"),
              r.b === null && r.status === "suppressed"
                ? t("metrics:cells.withheld")
                : t("metrics:cells.noData"),
            ],
          }))}
        />
      </figure>
      <TableRegion label={t("metrics:comparison.caption", { a: aText, b: bText })}>
        <table className="data-table">
          <caption className="visually-hidden">
            {t("metrics:comparison.caption", { a: aText, b: bText })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics:comparison.columns.measure")}</th>
              <th scope="col">{t("metrics:comparison.columns.a", { period: aText })}</th>
              <th scope="col">{t("metrics:comparison.columns.b", { period: bText })}</th>
              <th scope="col">{t("metrics:comparison.columns.change")}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{comparisonLabel(t, r.key)}</th>
                <td>{cellFor(r, r.a, (v) => num(v, r.key === "participants" ? 0 : 1))}</td>
                <td>{cellFor(r, r.b, (v) => num(v, r.key === "participants" ? 0 : 1))}</td>
                <td>
                  {r.change === null ? r.status === "suppressed" ? <Withheld /> : "—" : signed(r.change)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <Downloads base={base} params={params} table="comparison" />
    </section>
  );
}

function Breadcrumbs({ view, locale }: { view: EngagementView; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("metrics:dashboard.breadcrumbLabel")} className="breadcrumbs">
      <ol>
        <li>
          <Link to="/engagement">{t("metrics:dashboard.breadcrumbRoot")}</Link>
        </li>
        {view.trail.map((a) => (
          <li key={a.code}>
            <Link to={`/engagement/${a.code}`}>{localizedName(a, locale)}</Link>
          </li>
        ))}
        <li aria-current="page">{localizedName(view.area, locale)}</li>
      </ol>
    </nav>
  );
}

export function SuppressionExplainer() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="suppression" className="explainer">
      <h2 id="suppression" tabIndex={-1}>
        {t("metrics:suppression.title")}
      </h2>
      <ul>
        <li>{t("metrics:suppression.rule1")}</li>
        <li>{t("metrics:suppression.rule2")}</li>
        <li>{t("metrics:suppression.rule3")}</li>
        <li>{t("metrics:suppression.rule4")}</li>
        <li>{t("metrics:suppression.downloads")}</li>
      </ul>
    </section>
  );
}

/** The whole dashboard of one area: the same for the city page and every area page. */
export function EngagementDashboard({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const { view, locale, query } = data;
  const base = `/engagement/${view.area.code}`;
  const params = dashboardParams(query);
  const name = localizedName(view.area, locale);
  return (
    <>
      <Breadcrumbs view={view} locale={locale} />
      <h1>
        {t("metrics:dashboard.title", { name })}{" "}
        {view.area.isSample ? (
          <span className="badge sample">{t("metrics:dashboard.sampleBadge")}</span>
        ) : null}
      </h1>
      <p className="lead">
        {t(`areas:levels.${view.area.level}`, { defaultValue: view.area.level })} ·{" "}
        {periodText(t, view.period, locale)}
      </p>
      <p>
        {t("metrics:dashboard.notOfficial")}{" "}
        <Link to="/engagement/methodology">{t("metrics:dashboard.methodologyLink")}</Link>
      </p>
      {data.generatedActivity ? (
        <p className="notice generated" role="note">
          {t("metrics:dashboard.generatedNotice")}
        </p>
      ) : null}
      {data.exact ? (
        <p className="notice exact">
          <span className="badge ok">{t("metrics:dashboard.exactBadge")}</span>{" "}
          {t("metrics:dashboard.exactNote")}
        </p>
      ) : (
        <p className="muted">
          <span className="badge">{t("metrics:dashboard.publicBadge")}</span>{" "}
          {t("metrics:dashboard.publicNote")}{" "}
          <a href="#suppression">{t("metrics:dashboard.suppressionLink")}</a>
        </p>
      )}
      <PeriodForm data={data} params={params} />
      <Overview data={data} />
      <Downloads base={base} params={params} table="summary" />
      <ComponentsSection data={data} base={base} params={params} />
      <RankingSection data={data} base={base} params={params} />
      <SeriesSection data={data} base={base} params={params} />
      <ComparisonSection data={data} base={base} params={params} />
      <section aria-labelledby="downloads-title">
        <h2 id="downloads-title">{t("metrics:downloads.title")}</h2>
        <p>{t("metrics:downloads.lead")}</p>
        <p>
          <a href={hrefWith(`${base}.json`, params)} download>
            {t("metrics:downloads.allJson")}
          </a>
        </p>
      </section>
      {!data.exact ? <SuppressionExplainer /> : null}
    </>
  );
}
