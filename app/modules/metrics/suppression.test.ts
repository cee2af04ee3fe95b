import { describe, expect, it } from "vitest";
import { isSmallCount, suppressFamily, suppressTree, type CountNode } from "./suppression";

const cells = (values: Record<string, number | null>) =>
  Object.entries(values).map(([key, value]) => ({ key, value }));
const sorted = (set: Set<string>) => [...set].sort();

describe("primary rule", () => {
  it("hides 1–9 people, never 0, 10 or no data", () => {
    expect([0, 1, 9, 10, 250, null].map(isSmallCount)).toEqual([false, true, true, false, false, false]);
  });
});

describe("suppressFamily", () => {
  it("leaves a family without small counts alone", () => {
    expect(sorted(suppressFamily({ parentHidden: false, children: cells({ a: 10, b: 0, c: 300 }) }))).toEqual(
      [],
    );
  });

  it("hides the smallest other non-zero child when exactly one child is small", () => {
    // 100 − 40 − 55 would give away the 5.
    expect(sorted(suppressFamily({ parentHidden: false, children: cells({ a: 5, b: 40, c: 55 }) }))).toEqual([
      "a",
      "b",
    ]);
  });

  it("does not use a zero child as the complement while a non-zero one exists", () => {
    expect(
      sorted(suppressFamily({ parentHidden: false, children: cells({ a: 5, z1: 0, z2: 0, b: 95 }) })),
    ).toEqual(["a", "b"]);
  });

  it("needs nothing more when two children are already small", () => {
    expect(sorted(suppressFamily({ parentHidden: false, children: cells({ a: 5, b: 3, c: 92 }) }))).toEqual([
      "a",
      "b",
    ]);
  });

  it("hides one child of a hidden parent, so the parent is not the sum of visible children", () => {
    expect(sorted(suppressFamily({ parentHidden: true, children: cells({ a: 30, b: 20, c: 50 }) }))).toEqual([
      "b",
    ]);
    expect(sorted(suppressFamily({ parentHidden: true, children: cells({ a: 3, b: 20 }) }))).toEqual(["a"]);
  });

  it("breaks ties by key, so every page makes the same choice", () => {
    expect(sorted(suppressFamily({ parentHidden: false, children: cells({ x: 4, c: 12, b: 12 }) }))).toEqual([
      "b",
      "x",
    ]);
  });

  it("accepts a wider primary rule", () => {
    const hidden = suppressFamily({
      parentHidden: false,
      children: cells({ a: 40, b: 50, c: 60 }),
      primary: (c) => c.key === "c",
    });
    expect(sorted(hidden)).toEqual(["a", "c"]);
  });
});

describe("suppressTree", () => {
  it("works down a hand-made hierarchy", () => {
    const tree: CountNode = {
      key: "city",
      value: 120,
      children: [
        {
          key: "d1",
          value: 100,
          children: [
            {
              key: "s1",
              value: 95,
              children: [
                { key: "c1", value: 90 },
                { key: "c2", value: 5 },
              ],
            },
            {
              key: "s2",
              value: 5,
              children: [
                { key: "c3", value: 5 },
                { key: "c4", value: 0 },
              ],
            },
          ],
        },
        { key: "d2", value: 20, children: [{ key: "s3", value: 20, children: [{ key: "c5", value: 20 }] }] },
      ],
    };
    // s2 (5) is small, so d1's family also hides s1; hidden s1 and s2 each already have a small child
    // (c2, c3), which is all a hidden parent needs. d2's family has nothing small.
    expect(sorted(suppressTree(tree))).toEqual(["c2", "c3", "s1", "s2"].sort());
  });

  it("hides a small root and protects it from its children", () => {
    const tree: CountNode = {
      key: "r",
      value: 7,
      children: [
        { key: "a", value: 0 },
        { key: "b", value: 7 },
      ],
    };
    expect(sorted(suppressTree(tree))).toEqual(["b", "r"]);
  });
});

// ---- Property test: random five-level hierarchies --------------------------------------------------

/** Small, seeded PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mode = "additive" | "distinct";

/** City → districts → streets → communities → grids, with many zeros and many small counts. */
function randomHierarchy(rand: () => number, mode: Mode): CountNode {
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const leafValue = () => {
    const r = rand();
    if (r < 0.35) return 0;
    if (r < 0.75) return int(1, 9);
    return int(10, 80);
  };
  let serial = 0;
  const build = (depth: number): CountNode => {
    const key = `n${serial++}`;
    const fanout = depth === 0 ? 1 : depth === 4 ? 0 : depth === 3 ? int(0, 4) : int(1, 4);
    if (depth === 4 || fanout === 0) return { key, value: leafValue() };
    const children = Array.from({ length: fanout }, () => build(depth + 1));
    const values = children.map((c) => c.value ?? 0);
    const sum = values.reduce((a, b) => a + b, 0);
    // Distinct people count at most once higher up: somewhere between the largest child and the sum.
    const value = mode === "additive" ? sum : int(Math.max(0, ...values), sum);
    return { key, value, children };
  };
  // Level 0 is the city, whose single child list is the districts.
  const city = build(0);
  return city;
}

function walk(node: CountNode, visit: (node: CountNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/**
 * Which hidden cells an adversary can compute from the published cells, assuming every family adds up
 * (parent = Σ children, the worst case): Gaussian elimination over the family equations restricted to
 * the hidden cells; a hidden cell is determined iff its unit vector lies in their row space.
 */
function determinedCells(root: CountNode, hidden: Set<string>): string[] {
  const vars = [...hidden];
  const index = new Map(vars.map((k, i) => [k, i]));
  const rows: number[][] = [];
  walk(root, (node) => {
    if (!node.children?.length) return;
    const row = new Array<number>(vars.length).fill(0);
    if (hidden.has(node.key)) row[index.get(node.key)!] = 1;
    for (const child of node.children) if (hidden.has(child.key)) row[index.get(child.key)!] = -1;
    if (row.some((x) => x !== 0)) rows.push(row);
  });
  // Reduced row echelon form.
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < vars.length && r < rows.length; c++) {
    let p = r;
    while (p < rows.length && Math.abs(rows[p]![c]!) < 1e-9) p++;
    if (p === rows.length) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    const pivot = rows[r]![c]!;
    rows[r] = rows[r]!.map((x) => x / pivot);
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const f = rows[i]![c]!;
      if (Math.abs(f) > 1e-9) rows[i] = rows[i]!.map((x, j) => x - f * rows[r]![j]!);
    }
    pivots.push(c);
    r++;
  }
  const determined: string[] = [];
  vars.forEach((key, x) => {
    const v = new Array<number>(vars.length).fill(0);
    v[x] = 1;
    pivots.forEach((c, i) => {
      const f = v[c]!;
      if (Math.abs(f) > 1e-9) for (let j = 0; j < v.length; j++) v[j] = v[j]! - f * rows[i]![j]!;
    });
    if (v.every((y) => Math.abs(y) < 1e-9)) determined.push(key);
  });
  return determined;
}

describe("suppression property (seeded random five-level hierarchies)", () => {
  const iterations = 400;

  for (const mode of ["additive", "distinct"] as const) {
    it(`${mode} counts: every small cell is hidden and no hidden cell can be derived`, () => {
      const rand = prng(mode === "additive" ? 20260517 : 4401);
      let hiddenTotal = 0;
      for (let i = 0; i < iterations; i++) {
        const tree = randomHierarchy(rand, mode);
        const hidden = suppressTree(tree);
        hiddenTotal += hidden.size;
        const context = `iteration ${i}: ${JSON.stringify(tree)}`;

        walk(tree, (node) => {
          if (isSmallCount(node.value))
            expect(hidden.has(node.key), `small ${node.key} hidden; ${context}`).toBe(true);
          const children = node.children ?? [];
          if (children.length === 0) return;
          const hiddenChildren = children.filter((c) => hidden.has(c.key));
          // The rule as stated: a published parent has 0 or ≥ 2 hidden non-zero children, so
          // parent − Σ visible children never isolates one of them.
          if (!hidden.has(node.key)) {
            const hiddenNonZero = hiddenChildren.filter((c) => (c.value ?? 0) > 0);
            expect(hiddenNonZero.length, `${node.key}; ${context}`).not.toBe(1);
          } else {
            // …and a hidden parent is never the plain sum of its visible children.
            expect(
              hiddenChildren.length,
              `hidden ${node.key} has a hidden child; ${context}`,
            ).toBeGreaterThan(0);
          }
          // Every family has 0 or ≥ 2 unknowns.
          const unknowns = hiddenChildren.length + (hidden.has(node.key) ? 1 : 0);
          expect(unknowns, `family of ${node.key}; ${context}`).not.toBe(1);
        });

        // The full check: no combination of published figures pins down a hidden one.
        expect(determinedCells(tree, hidden), context).toEqual([]);
      }
      // The generator does produce small counts to protect.
      expect(hiddenTotal).toBeGreaterThan(iterations);
    });
  }

  it("the audit itself catches a single hidden child (sanity check of the checker)", () => {
    const tree: CountNode = {
      key: "p",
      value: 100,
      children: [
        { key: "a", value: 5 },
        { key: "b", value: 95 },
      ],
    };
    expect(determinedCells(tree, new Set(["a"]))).toEqual(["a"]);
    expect(determinedCells(tree, new Set(["a", "b"]))).toEqual([]);
    // A hidden parent whose children are all visible is their sum.
    expect(determinedCells(tree, new Set(["p"]))).toEqual(["p"]);
  });
});
