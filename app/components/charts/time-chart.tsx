import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import { ChartSvg, ChartText } from "./chart-svg";

/** One week or month: its axis label and its value (null when there is none to draw: no data or withheld). */
export type TimePoint = { key: string; label: string; value: number | null };

const width = 360;
const height = 200;
const margin = { top: 10, right: 10, bottom: 28 };

/**
 * A time series as a line (the index, 0–100) or as columns (counts). Gaps stay gaps: a week with no
 * data or a withheld figure is not drawn as zero. At most about six axis labels, so they never overlap.
 */
export function TimeChart({
  title,
  description,
  points,
  mode,
  max,
  formatTick = (v: number) => String(v),
}: {
  title: string;
  description: string;
  points: TimePoint[];
  mode: "line" | "columns";
  /** Top of the value axis; by default the largest value (rounded up to a nice number). */
  max?: number;
  /** Value-axis labels (e.g. compact numbers: "5千", "5K"). */
  formatTick?: (value: number) => string;
}) {
  const innerHeight = height - margin.top - margin.bottom;
  const top = max ?? Math.max(1, ...points.map((p) => p.value ?? 0));
  const y = scaleLinear<number>({ domain: [0, top], range: [innerHeight, 0], nice: true });
  // Room for the longest value label (about 7 units per character at font size 12).
  const left = 12 + 7 * Math.max(...y.ticks(4).map((v) => formatTick(v).length));
  const innerWidth = width - left - margin.right;
  const x = scaleBand<string>({
    domain: points.map((p) => p.key),
    range: [0, innerWidth],
    padding: mode === "columns" ? 0.2 : 0,
  });
  const centre = (key: string) => (x(key) ?? 0) + x.bandwidth() / 2;
  const every = Math.max(1, Math.ceil(points.length / 6));
  const labelOf = new Map(points.map((p) => [p.key, p.label]));
  const tickKeys = points.filter((_, i) => i % every === 0).map((p) => p.key);
  const defined = points.filter((p) => p.value !== null);
  return (
    <ChartSvg title={title} description={description} width={width} height={height}>
      <Group left={left} top={margin.top}>
        {mode === "columns"
          ? defined.map((p) => {
              const barTop = y(p.value!) ?? innerHeight;
              return (
                <Bar
                  key={p.key}
                  x={x(p.key) ?? 0}
                  y={barTop}
                  width={x.bandwidth()}
                  height={innerHeight - barTop}
                  className="chart-bar-primary"
                />
              );
            })
          : null}
        {mode === "line" ? (
          <>
            <LinePath
              data={points}
              x={(p) => centre(p.key)}
              y={(p) => y(p.value ?? 0) ?? 0}
              defined={(p) => p.value !== null}
              className="chart-line"
              stroke="#b3261e"
              strokeWidth={2}
              fill="none"
            />
            {defined.map((p) => (
              <circle
                key={p.key}
                cx={centre(p.key)}
                cy={y(p.value!) ?? 0}
                r={3}
                className="chart-point"
                fill="#b3261e"
              />
            ))}
          </>
        ) : null}
        <AxisLeft
          scale={y}
          numTicks={4}
          stroke="#5a5552"
          tickStroke="#5a5552"
          tickLength={3}
          tickFormat={(v) => formatTick(Number(v))}
          tickComponent={({ x: tx, y: ty, formattedValue }) => (
            <ChartText x={tx - 2} y={ty + 4} anchor="end">
              {formattedValue}
            </ChartText>
          )}
        />
        <AxisBottom
          top={innerHeight}
          scale={x}
          tickValues={tickKeys}
          stroke="#5a5552"
          tickStroke="#5a5552"
          tickLength={3}
          tickFormat={(key) => labelOf.get(key) ?? key}
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
