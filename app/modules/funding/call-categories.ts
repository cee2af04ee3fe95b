/** The categories of Guangzhou's 公益创投 (扶老、助残、救孤、济困 and other public benefit). Labels: calls:category.<key>. */
export const callCategories = ["elderly", "disability", "youth", "relief", "other"] as const;
export type CallCategory = (typeof callCategories)[number];

export function isCallCategory(value: unknown): value is CallCategory {
  return typeof value === "string" && (callCategories as readonly string[]).includes(value);
}
