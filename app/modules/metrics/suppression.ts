/**
 * Small-count suppression for published engagement figures (perf-security §B9; CMS cell-size policy;
 * WA DOH small-numbers guideline). Pure and client-safe.
 *
 * Primary rule: a cell that counts 1–9 people is not published ("<10"). Zero is published.
 *
 * Complementary rule: the five levels make one family per area — the area's own cell and its
 * children's cells — and in the worst case a family adds up (parent = Σ children; distinct people only
 * ever count less at the parent, never more). A family with exactly ONE hidden cell gives it away by
 * subtraction (parent − visible children) or by addition (a hidden parent = Σ its visible children).
 * So every family is brought to zero or at least two hidden cells:
 *   - the parent is published and exactly one child is hidden → hide the smallest other non-zero child;
 *   - the parent is hidden and no child is → hide its smallest non-zero child.
 * In a tree, the families are linked only through the cell they share, so "every family has 0 or ≥ 2
 * unknowns" means no equation has a single unknown to solve for and nothing can be peeled off: no hidden
 * cell is determined by any combination of the published ones (the property test checks exactly this
 * with linear algebra on random five-level hierarchies).
 *
 * Working top-down, a family's choices depend only on its parent's status and its own children, so a
 * page can compute the status of its area and its children from the chain of families above it (city →
 * … → area) without the whole tree, and every page makes the same choices.
 */

/** Counts below this (and above zero) are not published. */
export const minimumPublishedCount = 10;

export function isSmallCount(value: number | null | undefined): boolean {
  return typeof value === "number" && value > 0 && value < minimumPublishedCount;
}

export type CountCell = { key: string; value: number | null };
export type CountNode = CountCell & { children?: readonly CountNode[] };

/** Which cells fail the primary rule; a measure may widen it (e.g. a small difference of two counts). */
export type PrimaryRule = (cell: CountCell) => boolean;

const defaultPrimary: PrimaryRule = (cell) => isSmallCount(cell.value);

/** Next cell to hide for protection: the smallest non-zero visible one (ties by key, so it is stable). */
function complementCandidate(cells: readonly CountCell[], hidden: ReadonlySet<string>): CountCell | null {
  const visible = cells.filter((c) => !hidden.has(c.key));
  const byValue = (a: CountCell, b: CountCell) =>
    (a.value ?? 0) - (b.value ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const nonZero = visible.filter((c) => (c.value ?? 0) > 0).sort(byValue);
  if (nonZero[0]) return nonZero[0];
  // Only zeros left: data that does not add up (activity recorded on the parent itself). Hiding a zero
  // still leaves two unknowns, which is all the rule needs.
  return [...visible].sort(byValue)[0] ?? null;
}

/**
 * One family: the parent's status is already decided (by the family above); returns the keys of the
 * children to hide, primary and complementary.
 */
export function suppressFamily(options: {
  parentHidden: boolean;
  children: readonly CountCell[];
  primary?: PrimaryRule;
}): Set<string> {
  const primary = options.primary ?? defaultPrimary;
  const hidden = new Set(options.children.filter(primary).map((c) => c.key));
  const needsOneMore = options.parentHidden ? hidden.size === 0 : hidden.size === 1;
  if (needsOneMore && options.children.length > 0) {
    const candidate = complementCandidate(options.children, hidden);
    if (candidate) hidden.add(candidate.key);
  }
  return hidden;
}

/** The keys of every cell to hide in a hierarchy (of any depth), deciding family by family from the top. */
export function suppressTree(root: CountNode, primary: PrimaryRule = defaultPrimary): Set<string> {
  const hidden = new Set<string>();
  if (primary(root)) hidden.add(root.key);
  const queue: CountNode[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i]!;
    const children = parent.children ?? [];
    if (children.length === 0) continue;
    for (const key of suppressFamily({ parentHidden: hidden.has(parent.key), children, primary }))
      hidden.add(key);
    queue.push(...children);
  }
  return hidden;
}
