import type { Locale } from "~/i18n/config";

/** Date and time as residents of Guangzhou read it, whatever the server's zone. */
export function formatVoteTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(date);
}

/** DomainError params that carry an ISO time ("at") are shown as a local date in the reader's language. */
export function localizeTimeParams(
  params: Record<string, string | number>,
  locale: Locale,
): Record<string, string | number> {
  const at = params["at"];
  if (typeof at !== "string") return params;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? params : { ...params, at: formatVoteTime(date, locale) };
}
