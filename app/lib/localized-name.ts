import type { Locale } from "~/i18n/config";

export type LocalizedNames = { nameZhCn: string; nameZhHk: string; nameEn: string };

/** The name of a thing (an area, an organisation) in the reader's language. */
export function localizedName(names: LocalizedNames, locale: Locale): string {
  if (locale === "en") return names.nameEn;
  if (locale === "zh-HK") return names.nameZhHk;
  return names.nameZhCn;
}
