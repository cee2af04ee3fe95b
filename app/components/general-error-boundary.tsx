import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A useful page in the reader's language for 400/403/404/429/500; never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [400, 403, 404, 405, 413, 429].includes(status) ? status : 500;
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`common:errorPage.${known}.title`)}</h1>
      <p>{t(`common:errorPage.${known}.body`)}</p>
      <p>
        <Link to="/">{t("common:errorPage.home")}</Link>
      </p>
    </section>
  );
}
