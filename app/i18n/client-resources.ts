import type { Locale } from "./config";

/** Static imports per language so the compiler splits one chunk each; the browser loads only its own. */
export async function loadResources(locale: Locale) {
  switch (locale) {
    case "en":
      return (await import("~/locales/en")).default;
    case "zh-HK":
      return (await import("~/locales/zh-HK")).default;
    default:
      return (await import("~/locales/zh-CN")).default;
  }
}
