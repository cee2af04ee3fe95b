export const supportedLocales = ["zh-CN", "zh-HK", "en"] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = "zh-CN";

/** Every namespace; one per module (plus common and errors), one JSON file per language. */
export const namespaces = [
  "common",
  "errors",
  "accounts",
  "areas",
  "residency",
  "admin",
  "metrics",
  "schemes",
  "proposals",
  "deliberation",
  "voting",
  "projects",
  "matters",
  "consultations",
  "meetings",
  "organisations",
  "calls",
  "applications",
  "reviews",
  "awards",
] as const;
export type Namespace = (typeof namespaces)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (supportedLocales as readonly string[]).includes(value);
}

export const localeCookieName = "kapok_lng";
