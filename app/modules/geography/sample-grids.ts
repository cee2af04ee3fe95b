/**
 * Sample grids (网格) for a community. Real grid boundaries are drawn by each street office and are not
 * published as data, so the demo generates them: a deterministic count per community between 3 and 11
 * (mean 7, so Guangzhou's ~2,850 communities give about 20,000 grids, near the city's 19,660 standard
 * grids), always the same for the same community code. They are marked as sample data everywhere.
 */
export const minGridsPerCommunity = 3;
export const maxGridsPerCommunity = 11;

/** FNV-1a: a stable 32-bit seed from a code. */
function hashCode(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a tiny seeded generator of numbers in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many sample grids a community gets: 3 + two draws of 0..4, so most have 6–8. */
export function sampleGridCount(communityCode: string): number {
  const random = seededRandom(hashCode(communityCode));
  return minGridsPerCommunity + Math.floor(random() * 5) + Math.floor(random() * 5);
}

export interface SampleGrid {
  code: string;
  index: number;
  nameZhCn: string;
  nameZhHk: string;
  nameEn: string;
  searchKey: string;
}

/** The grids of one community: code = community code + two-digit index ("44010601300101"). */
export function sampleGrids(communityCode: string): SampleGrid[] {
  return Array.from({ length: sampleGridCount(communityCode) }, (_, i) => {
    const index = i + 1;
    return {
      code: `${communityCode}${String(index).padStart(2, "0")}`,
      index,
      nameZhCn: `第${index}网格`,
      nameZhHk: `第${index}網格`,
      nameEn: `Grid ${index}`,
      searchKey: `wangge${index} wg${index}`,
    };
  });
}
