import { createInstance, type i18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import en from "~/locales/en";
import zhCN from "~/locales/zh-CN";
import zhHK from "~/locales/zh-HK";
import { defaultLocale, isLocale, localeCookieName, namespaces, supportedLocales, type Locale } from "./config";

const resources = { "zh-CN": zhCN, "zh-HK": zhHK, en };

// One initialised instance per language for the life of the process. Creating an i18next instance per
// request was most of a naive page's cost (issue 2); these are read-only after init, so sharing is safe.
const instances = new Map<Locale, Promise<i18n>>();

export function i18nFor(locale: Locale): Promise<i18n> {
  let instance = instances.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({
        lng: locale,
        fallbackLng: false,
        supportedLngs: [...supportedLocales],
        ns: [...namespaces],
        defaultNS: "common",
        resources: { [locale]: resources[locale] },
        interpolation: { escapeValue: false },
        react: { useSuspense: false },
      })
      .then(() => created);
    instances.set(locale, instance);
  }
  return instance;
}

export async function fixedT(locale: Locale): Promise<TFunction> {
  return (await i18nFor(locale)).t;
}

function cookieValue(request: Request, name: string) {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    order: ["custom", "header"],
    findLocale: async (request) => {
      const fromCookie = cookieValue(request, localeCookieName);
      if (isLocale(fromCookie)) return fromCookie;
      const fromUser = userLocales.get(request);
      if (isLocale(fromUser)) return fromUser;
      return traditionalChinese(request.headers.get("Accept-Language"));
    },
  },
});

const userLocales = new WeakMap<Request, string | null>();

/**
 * Accept-Language matching would map every "zh-…" to zh-CN; readers of traditional characters
 * (zh-HK, zh-TW, zh-MO, zh-Hant) get zh-HK when that comes before any other language we have.
 */
export function traditionalChinese(header: string | null): Locale | null {
  if (!header) return null;
  const tags = header
    .split(",")
    .map((part) => part.trim().split(";")[0]!.toLowerCase())
    .filter((tag) => /^(zh|en)(-|$)/.test(tag));
  const first = tags[0];
  return first && /^zh-(hk|tw|mo|hant)/.test(first) ? "zh-HK" : null;
}

/** Language: the cookie set by the switcher, then the signed-in person's setting, then Accept-Language. */
export async function resolveLocale(request: Request, userLocale?: string | null): Promise<Locale> {
  userLocales.set(request, userLocale ?? null);
  const found = await detector.getLocale(request);
  return isLocale(found) ? found : defaultLocale;
}
