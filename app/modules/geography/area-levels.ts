/** Client-safe vocabulary of the area hierarchy. */
export const areaLevels = ["city", "district", "street", "community", "grid"] as const;
export type AreaLevel = (typeof areaLevels)[number];

export function childLevel(level: AreaLevel): AreaLevel | null {
  const i = areaLevels.indexOf(level);
  return areaLevels[i + 1] ?? null;
}
