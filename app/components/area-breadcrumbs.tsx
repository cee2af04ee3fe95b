import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export interface AreaCrumb {
  code: string;
  name: string;
}

/**
 * Where an area sits: Areas › city › district › street › community (› grid). The current area is the
 * last item, marked aria-current and not a link.
 */
export function AreaBreadcrumbs({ trail, current }: { trail: AreaCrumb[]; current: AreaCrumb }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("areas:page.breadcrumbLabel")} className="breadcrumbs">
      <ol>
        <li>
          <Link to="/areas">{t("areas:index.title")}</Link>
        </li>
        {trail.map((crumb) => (
          <li key={crumb.code}>
            <Link to={`/areas/${crumb.code}`}>{crumb.name}</Link>
          </li>
        ))}
        <li aria-current="page">{current.name}</li>
      </ol>
    </nav>
  );
}

/** A search hit's place as plain text ("广州市 › 天河区"): many per page, so not navigation landmarks. */
export function AreaTrailText({ trail }: { trail: AreaCrumb[] }) {
  if (trail.length === 0) return null;
  return <span className="muted">{trail.map((c) => c.name).join(" › ")}</span>;
}
