import { useTranslation } from "react-i18next";
import type { ApplicationContentView } from "~/modules/funding/application-content";

/**
 * What an NGO wrote in its application, as its members, the call's officials and (after declaring no
 * conflict) its reviewers read it. Headings are h3: the page puts it under a section heading of its own.
 */
export function ApplicationContent({ content: a }: { content: ApplicationContentView }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t("applications:form.summary")}</h3>
      <p className="prewrap">{a.summary}</p>
      <h3>{t("applications:form.needs")}</h3>
      <p className="prewrap">{a.needs}</p>
      <h3>{t("applications:form.beneficiaries")}</h3>
      <p>{t("applications:detail.beneficiaries", { who: a.beneficiaries, count: a.beneficiaryCount })}</p>
      <h3>{t("applications:form.objectives")}</h3>
      <p className="prewrap">{a.objectives}</p>
      <table>
        <caption>{t("applications:form.activities")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("applications:form.activity")}</th>
            <th scope="col">{t("applications:form.timing")}</th>
          </tr>
        </thead>
        <tbody>
          {a.activities.map((x, i) => (
            <tr key={i}>
              <td>{x.activity}</td>
              <td>{x.timing}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t("applications:form.indicators")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("applications:form.indicator")}</th>
            <th scope="col">{t("applications:form.target")}</th>
          </tr>
        </thead>
        <tbody>
          {a.indicators.map((x, i) => (
            <tr key={i}>
              <td>{x.indicator}</td>
              <td>{x.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t("applications:form.team")}</h3>
      <p className="prewrap">{a.team}</p>
      <table>
        <caption>{t("applications:form.budget")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("applications:form.category")}</th>
            <th scope="col">{t("applications:form.item")}</th>
            <th scope="col">{t("applications:form.amount")}</th>
          </tr>
        </thead>
        <tbody>
          {a.budgetLines.map((l, i) => (
            <tr key={i}>
              <td>{t(l.categoryKey)}</td>
              <td>{l.item}</td>
              <td>{l.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="facts">
        <dt>{t("applications:detail.projectTotal")}</dt>
        <dd>{a.projectTotal}</dd>
        <dt>{t("applications:form.selfRaised")}</dt>
        <dd>{a.selfRaised}</dd>
        <dt>{a.kind === "purchase" ? t("applications:form.bid") : t("applications:form.requested")}</dt>
        <dd>{a.requested}</dd>
      </dl>
    </>
  );
}
