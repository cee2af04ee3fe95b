import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone scrolls inside a named region; the region must be reachable by
 * keyboard to scroll it (axe: scrollable-region-focusable). Name it by a heading id or a label.
 */
export function TableRegion({
  labelledBy,
  label,
  children,
}: {
  labelledBy?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
