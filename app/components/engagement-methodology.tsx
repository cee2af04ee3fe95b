import { useTranslation } from "react-i18next";
import { SuppressionExplainer } from "~/components/engagement-dashboard";
import type { ComponentDefinition, ComponentKey } from "~/modules/metrics/components";

export type MethodologyComponent = Pick<
  ComponentDefinition,
  "key" | "nameKey" | "formulaKey" | "sourceKey" | "targetKey" | "target" | "unit" | "kinds"
> & {
  weight: number;
  protectsPeople: boolean;
};

export type MethodologyData = {
  locale: string;
  activeVersion: number;
  components: MethodologyComponent[];
  versions: Array<{
    version: number;
    weights: Record<ComponentKey, number>;
    createdAt: string;
    note: string | null;
  }>;
  minimumCount: number;
};

/** A target in its component's unit: shares as percentages, rates as plain numbers. */
export function formatTarget(c: Pick<MethodologyComponent, "unit" | "target">, locale: string): string {
  return c.unit === "share"
    ? new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(c.target)
    : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(c.target);
}

/**
 * The methodology, generated from the component definitions (components.ts) and the active weights:
 * nothing on this page is written separately from the figures it explains.
 */
export function EngagementMethodology({ data }: { data: MethodologyData }) {
  const { t } = useTranslation();
  const { locale } = data;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Asia/Shanghai" }).format(new Date(iso));
  return (
    <>
      <p>
        <a href="/engagement">{t("metrics:methodology.back")}</a>
      </p>
      <h1>{t("metrics:methodology.title")}</h1>
      <p className="lead">{t("metrics:methodology.lead")}</p>
      <p className="notice">{t("metrics:methodology.notOfficial")}</p>

      <section aria-labelledby="method-index">
        <h2 id="method-index">{t("metrics:methodology.indexTitle")}</h2>
        <p>{t("metrics:components.indexRule")}</p>
        <p>{t("metrics:components.noDataRule")}</p>
        <p>{t("metrics:components.participantsRule")}</p>
        <p>{t("metrics:methodology.versionRule", { version: data.activeVersion })}</p>
      </section>

      <section aria-labelledby="method-components">
        <h2 id="method-components">{t("metrics:methodology.componentsTitle")}</h2>
        <ul className="card-list">
          {data.components.map((c) => (
            <li key={c.key} id={`component-${c.key}`}>
              <h3>{t(c.nameKey)}</h3>
              <dl className="facts">
                <dt>{t("metrics:methodology.formula")}</dt>
                <dd data-field="formula">{t(c.formulaKey)}</dd>
                <dt>{t("metrics:methodology.source")}</dt>
                <dd data-field="source">
                  {t(c.sourceKey)}
                  <br />
                  <span className="muted">
                    {t("metrics:methodology.kinds")}{" "}
                    <code>
                      {c.kinds.map((k) => (k === "*" ? t("metrics:methodology.allKinds") : k)).join(", ")}
                    </code>
                  </span>
                </dd>
                <dt>{t("metrics:methodology.target")}</dt>
                <dd data-field="target">{t(c.targetKey, { target: formatTarget(c, locale) })}</dd>
                <dt>{t("metrics:methodology.weight")}</dt>
                <dd data-field="weight">{c.weight}</dd>
                <dt>{t("metrics:methodology.privacy")}</dt>
                <dd data-field="privacy">
                  {c.protectsPeople
                    ? t("metrics:methodology.protected", { count: data.minimumCount })
                    : t("metrics:methodology.notProtected")}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      </section>

      <SuppressionExplainer />

      <section aria-labelledby="method-history">
        <h2 id="method-history">{t("metrics:methodology.historyTitle")}</h2>
        <p>{t("metrics:methodology.historyLead")}</p>
        <div
          className="table-wrap"
          role="region"
          aria-labelledby="method-history"
          tabIndex={data.versions.length > 0 ? 0 : undefined}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics:methodology.columns.version")}</th>
                <th scope="col">{t("metrics:methodology.columns.date")}</th>
                {data.components.map((c) => (
                  <th key={c.key} scope="col">
                    {t(c.nameKey)}
                  </th>
                ))}
                <th scope="col">{t("metrics:methodology.columns.note")}</th>
              </tr>
            </thead>
            <tbody>
              {data.versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">
                    {v.version}
                    {v.version === data.activeVersion ? ` (${t("metrics:methodology.active")})` : ""}
                  </th>
                  <td>{date(v.createdAt)}</td>
                  {data.components.map((c) => (
                    <td key={c.key}>{v.weights[c.key]}</td>
                  ))}
                  <td>{v.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="method-data">
        <h2 id="method-data">{t("metrics:methodology.openDataTitle")}</h2>
        <p>{t("metrics:methodology.openDataLead")}</p>
        <p>
          <a href="/api/v1/openapi.json">{t("metrics:methodology.openApiLink")}</a>
        </p>
      </section>
    </>
  );
}
