import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AreaTrailText } from "~/components/area-breadcrumbs";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import {
  countChildrenByParent,
  listChildAreas,
  listRootAreas,
  maxSearchLength,
  searchAreas,
  searchLimit,
} from "~/modules/geography/queries.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const name = (area: { nameZhCn: string; nameZhHk: string; nameEn: string }) => localizedName(area, locale);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, maxSearchLength);

  const cities = await listRootAreas();
  const districtLists = await Promise.all(cities.map((city) => listChildAreas(city.id)));
  const childCounts = await countChildrenByParent(districtLists.flat().map((d) => d.id));
  const hits = q ? await searchAreas(q) : [];

  return {
    title: `${t("areas:index.title")} · ${t("common:appName")}`,
    locale,
    q,
    limited: hits.length >= searchLimit,
    limit: searchLimit,
    hits: hits.map((hit) => ({
      code: hit.code,
      name: name(hit),
      level: hit.level,
      isSample: hit.isSample,
      trail: hit.trail.map((a) => ({ code: a.code, name: name(a) })),
    })),
    cities: cities.map((city, i) => ({
      code: city.code,
      name: name(city),
      population: city.population,
      districts: (districtLists[i] ?? []).map((d) => ({
        code: d.code,
        name: name(d),
        children: childCounts.get(d.id) ?? 0,
      })),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function AreasIndex() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(data.locale);
  return (
    <>
      <h1>{t("areas:index.title")}</h1>
      <p className="lead">{t("areas:index.lead")}</p>

      <Form method="get" role="search" className="stack" aria-labelledby="area-search-title">
        <h2 id="area-search-title">{t("areas:search.title")}</h2>
        <div className="field">
          <label htmlFor="area-search-q">{t("areas:search.label")}</label>
          <p id="area-search-hint" className="hint">
            {t("areas:search.hint")}
          </p>
          <input
            id="area-search-q"
            type="search"
            name="q"
            defaultValue={data.q}
            maxLength={50}
            autoComplete="off"
            aria-describedby="area-search-hint"
          />
        </div>
        <div>
          <button type="submit" className="primary">
            {t("areas:search.submit")}
          </button>
        </div>
      </Form>

      {data.q ? (
        <section aria-labelledby="area-results-title">
          <h2 id="area-results-title">{t("areas:search.results", { q: data.q, count: data.hits.length })}</h2>
          {data.hits.length === 0 ? <p>{t("areas:search.none", { q: data.q })}</p> : null}
          {data.limited ? <p className="muted">{t("areas:search.limited", { limit: data.limit })}</p> : null}
          <ul className="card-list">
            {data.hits.map((hit) => (
              <li key={hit.code}>
                <Link to={`/areas/${hit.code}`}>{hit.name}</Link>{" "}
                <span className="muted">· {t(`areas:levels.${hit.level}`)}</span>{" "}
                {hit.isSample ? <span className="badge sample">{t("areas:page.sampleBadge")}</span> : null}
                <br />
                <AreaTrailText trail={hit.trail} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.cities.length === 0 ? <p>{t("areas:index.empty")}</p> : null}
      {data.cities.map((city) => (
        <section key={city.code} aria-labelledby={`city-${city.code}`}>
          <h2 id={`city-${city.code}`}>
            <Link to={`/areas/${city.code}`}>{city.name}</Link>
          </h2>
          {city.population !== null ? (
            <p className="muted">{t("areas:index.population", { value: number.format(city.population) })}</p>
          ) : null}
          <p>{t("areas:index.districtsOf", { name: city.name })}</p>
          <ul className="card-list">
            {city.districts.map((d) => (
              <li key={d.code}>
                <Link to={`/areas/${d.code}`}>{d.name}</Link>{" "}
                <span className="muted">· {t("areas:page.childSummary", { count: d.children })}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
