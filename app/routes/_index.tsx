import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Kapok · 木棉" }];

export default function Home() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("common:home.title")}</h1>
      <p className="lead">{t("common:home.lead")}</p>
      <ul className="card-list">
        <li>
          <h2>{t("common:home.schemesTitle")}</h2>
          <p>{t("common:home.schemesBody")}</p>
          <Link to="/schemes">{t("common:home.schemesLink")}</Link>
        </li>
        <li>
          <h2>{t("common:home.mattersTitle")}</h2>
          <p>{t("common:home.mattersBody")}</p>
          <Link to="/matters">{t("common:home.mattersLink")}</Link>
        </li>
        <li>
          <h2>{t("common:home.consultationsTitle")}</h2>
          <p>{t("common:home.consultationsBody")}</p>
          <Link to="/consultations">{t("common:home.consultationsLink")}</Link>
        </li>
        <li>
          <h2>{t("common:home.projectsTitle")}</h2>
          <p>{t("common:home.projectsBody")}</p>
          <Link to="/projects">{t("common:home.projectsLink")}</Link>
        </li>
        <li>
          <h2>{t("common:home.areasTitle")}</h2>
          <p>{t("common:home.areasBody")}</p>
          <Link to="/areas">{t("common:home.areasLink")}</Link>
        </li>
        <li>
          <h2>{t("common:home.joinTitle")}</h2>
          <p>{t("common:home.joinBody")}</p>
          <Link to="/register">{t("common:home.joinLink")}</Link>
        </li>
      </ul>
    </>
  );
}
