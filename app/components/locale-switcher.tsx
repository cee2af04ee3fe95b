import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { supportedLocales, type Locale } from "~/i18n/config";
import { CsrfInput } from "./csrf-input";

/** Three buttons in a plain form: works without JavaScript, remembered in a cookie and the account. */
export function LocaleSwitcher({ current }: { current: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/settings/locale" className="locale-switcher" aria-label={t("common:locale.label")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {supportedLocales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className={locale === current ? "current" : undefined}
        >
          {t(`common:locale.names.${locale}`)}
        </button>
      ))}
    </Form>
  );
}
