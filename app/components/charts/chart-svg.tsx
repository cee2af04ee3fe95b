import { useId, type ReactNode } from "react";

/**
 * The accessible shell every chart shares: a server-rendered SVG that scales to its container (viewBox,
 * width 100%), announced as one image with a title and a description; the figures themselves are in
 * the data table the page puts right below each chart.
 */
export function ChartSvg({
  title,
  description,
  width,
  height,
  children,
}: {
  title: string;
  description: string;
  width: number;
  height: number;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** Chart text: plain SVG text in the page's ink colour (no inline style element: the CSP forbids it). */
export function ChartText({
  x,
  y,
  children,
  anchor = "start",
  className,
}: {
  x: number;
  y: number;
  children: ReactNode;
  anchor?: "start" | "middle" | "end";
  className?: string;
}) {
  return (
    <text x={x} y={y} textAnchor={anchor} className={className ?? "chart-text"} fill="#1d1b1a" fontSize={12}>
      {children}
    </text>
  );
}
