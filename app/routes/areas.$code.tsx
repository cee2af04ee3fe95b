import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AreaBreadcrumbs } from "~/components/area-breadcrumbs";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import {
  countChildrenByParent,
  getAreaByCode,
  listAncestors,
  listChildAreas,
} from "~/modules/geography/queries.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!/^[0-9A-Za-z-]{1,40}$/.test(code)) throw new Response(null, { status: 404 });
  const area = await getAreaByCode(code);
  if (!area) throw new Response(null, { status: 404 });

  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const name = (a: { nameZhCn: string; nameZhHk: string; nameEn: string }) => localizedName(a, locale);

  const ancestors = await listAncestors(area);
  const children = await listChildAreas(area.id);
  // Grids have no children of their own; skip the count for them.
  const grandchildren = children.some((c) => c.level !== "grid")
    ? await countChildrenByParent(children.map((c) => c.id))
    : new Map<number, number>();

  return {
    title: `${name(area)} · ${t("common:appName")}`,
    locale,
    area: {
      code: area.code,
      name: name(area),
      level: area.level,
      subkind: area.subkind,
      population: area.population,
      isSample: area.isSample,
    },
    trail: ancestors.map((a) => ({ code: a.code, name: name(a) })),
    children: children.map((c) => ({
      code: c.code,
      name: name(c),
      level: c.level,
      subkind: c.subkind,
      isSample: c.isSample,
      children: grandchildren.get(c.id) ?? null,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function AreaPage() {
  const { area, trail, children, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const sampleChildren = children.some((c) => c.isSample);
  return (
    <>
      <AreaBreadcrumbs trail={trail} current={{ code: area.code, name: area.name }} />
      <h1>
        {area.name}{" "}
        {area.isSample ? <span className="badge sample">{t("areas:page.sampleBadge")}</span> : null}
      </h1>
      {area.isSample ? <p className="muted">{t("areas:page.sampleNote")}</p> : null}

      <h2>{t("areas:page.facts")}</h2>
      <div className="table-wrap">
        <table>
          <tbody>
            <tr>
              <th scope="row">{t("areas:page.level")}</th>
              <td>{t(`areas:levels.${area.level}`)}</td>
            </tr>
            {area.subkind ? (
              <tr>
                <th scope="row">{t("areas:page.kind")}</th>
                <td>{t(`areas:subkinds.${area.subkind}`, { defaultValue: area.subkind })}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">{t("areas:page.code")}</th>
              <td>{area.code}</td>
            </tr>
            <tr>
              <th scope="row">{t("areas:page.population")}</th>
              <td>
                {area.population !== null
                  ? new Intl.NumberFormat(locale).format(area.population)
                  : t("areas:page.populationUnknown")}
              </td>
            </tr>
            <tr>
              <th scope="row">{t("areas:page.childCount")}</th>
              <td>{children.length}</td>
            </tr>
          </tbody>
        </table>
      </div>

      {children.length > 0 ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">
            {t("areas:page.childrenTitle")}{" "}
            {sampleChildren ? <span className="badge sample">{t("areas:page.sampleBadge")}</span> : null}
          </h2>
          {sampleChildren ? <p className="muted">{t("areas:page.sampleNote")}</p> : null}
          <ul className="card-list">
            {children.map((child) => (
              <li key={child.code}>
                <Link to={`/areas/${child.code}`}>{child.name}</Link>{" "}
                <span className="muted">
                  ·{" "}
                  {child.subkind
                    ? t(`areas:subkinds.${child.subkind}`, { defaultValue: child.subkind })
                    : t(`areas:levels.${child.level}`)}
                  {child.children !== null
                    ? ` · ${t("areas:page.childSummary", { count: child.children })}`
                    : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{t("areas:page.noChildren")}</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
