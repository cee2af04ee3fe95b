import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "./csrf-input";

/** Large-text mode for elderly residents (适老化), remembered in a cookie and the account. */
export function TextSizeToggle({ large }: { large: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/settings/text-size" className="text-size-toggle">
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <input type="hidden" name="large" value={large ? "off" : "on"} />
      <button type="submit" aria-pressed={large}>
        {t("common:textSize.large")}
      </button>
    </Form>
  );
}
