import { AxisBottom } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { ChartSvg, ChartText } from "./chart-svg";

export type BarSeries = { name: string };

/**
 * One row of a bar chart: a label, one value per series (null when there is nothing to draw) and,
 * for a missing value, the short text drawn instead ("no data", "<10").
 */
export type BarRow = {
  key: string;
  label: string;
  values: Array<number | null>;
  notes?: Array<string | null>;
};

const width = 360;
const marginX = 4;
const valueRoom = 44;
const labelHeight = 16;
const barHeight = 11;
const barGap = 2;
const rowGap = 10;
const axisHeight = 26;

/** Tone classes in app.css: the first series in Kapok red, the second in a dark neutral. */
const tones = ["chart-bar-primary", "chart-bar-secondary"];

/**
 * Horizontal bars on a 0–max scale with the label above each bar, so long names (in any of the three
 * languages) never squeeze the bars on a 360 px screen. Up to two series (e.g. period A and period B).
 */
export function BarChart({
  title,
  description,
  rows,
  series,
  max = 100,
  format = (v: number) => String(Math.round(v * 10) / 10),
}: {
  title: string;
  description: string;
  rows: BarRow[];
  series: BarSeries[];
  max?: number;
  format?: (value: number) => string;
}) {
  const rowHeight = labelHeight + series.length * (barHeight + barGap) + rowGap;
  const height = rows.length * rowHeight + axisHeight + 4;
  const x = scaleLinear<number>({
    domain: [0, max > 0 ? max : 1],
    range: [0, width - marginX * 2 - valueRoom],
    nice: true,
  });
  return (
    <ChartSvg title={title} description={description} width={width} height={height}>
      <Group left={marginX} top={4}>
        {rows.map((row, r) => {
          const top = r * rowHeight;
          return (
            <Group key={row.key} top={top}>
              <ChartText x={0} y={12}>
                {row.label}
              </ChartText>
              {series.map((_, s) => {
                const value = row.values[s] ?? null;
                const y = labelHeight + s * (barHeight + barGap);
                const note = row.notes?.[s] ?? null;
                const barWidth =
                  value === null ? 0 : Math.max(value > 0 ? 1 : 0, x(Math.min(value, max)) ?? 0);
                return (
                  <g key={s}>
                    {value !== null ? (
                      <Bar x={0} y={y} width={barWidth} height={barHeight} className={tones[s] ?? tones[0]} />
                    ) : null}
                    <ChartText x={barWidth + 4} y={y + barHeight - 1} className="chart-value">
                      {value !== null ? format(value) : (note ?? "")}
                    </ChartText>
                  </g>
                );
              })}
            </Group>
          );
        })}
        <AxisBottom
          top={rows.length * rowHeight}
          scale={x}
          numTicks={4}
          stroke="#5a5552"
          tickStroke="#5a5552"
          tickLength={4}
          tickComponent={({ x: tx, y: ty, formattedValue }) => (
            <ChartText x={tx} y={ty + 8} anchor="middle">
              {formattedValue}
            </ChartText>
          )}
        />
      </Group>
    </ChartSvg>
  );
}
