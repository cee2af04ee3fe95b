import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import type { Locale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import {
  countInvitationsFor,
  listMyOrganisations,
  listVerifiedOrganisations,
} from "~/modules/funding/organisation-queries.server";
import organisationsStyles from "~/styles/organisations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: organisationsStyles }];

const verifiers = new Set(["district_official", "city_official", "platform_admin"]);

type Row = {
  id: string;
  name: string;
  nameEn: string | null;
  legalForm: "social_group" | "social_service_agency" | "foundation" | null;
  status: "pending" | "verified" | "rejected";
  areaNameZhCn: string;
  areaNameZhHk: string;
  areaNameEn: string;
};

function summary(o: Row, locale: Locale) {
  return {
    id: o.id,
    name: locale === "en" && o.nameEn ? o.nameEn : o.name,
    legalForm: o.legalForm,
    status: o.status,
    area: localizedName({ nameZhCn: o.areaNameZhCn, nameZhHk: o.areaNameZhHk, nameEn: o.areaNameEn }, locale),
  };
}

/** The public directory of verified NGOs; signed in, also "my organisations" and invitations. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const roles = user ? await listActiveRoles(user.id) : [];
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const search = new URL(request.url).searchParams.get("q")?.trim().slice(0, 60) ?? "";
  return {
    title: `${t("organisations:list.title")} · ${t("common:appName")}`,
    search,
    signedIn: Boolean(user),
    canReview: roles.some((r) => verifiers.has(r.role)),
    invitationCount: user ? await countInvitationsFor(user) : 0,
    mine: (await listMyOrganisations(roles)).map((o) => ({ ...summary(o, locale), isAdmin: o.isAdmin })),
    verified: (await listVerifiedOrganisations({ search })).map((o) => summary(o, locale)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

const statusClass = { pending: "warn", verified: "ok", rejected: "warn" } as const;

export default function OrganisationsIndex() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("organisations:list.title")}</h1>
      <p className="lead">{t("organisations:list.lead")}</p>
      <ul className="inline-list">
        <li>
          <Link to="/organisations/new" className="button">
            {t("organisations:list.register")}
          </Link>
        </li>
        {data.invitationCount > 0 ? (
          <li>
            <Link to="/organisations/invitations">
              {t("organisations:list.invitations", { n: data.invitationCount })}
            </Link>
          </li>
        ) : null}
        {data.canReview ? (
          <li>
            <Link to="/organisations/review">{t("organisations:list.review")}</Link>
          </li>
        ) : null}
      </ul>

      {data.signedIn ? (
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t("organisations:list.mine")}</h2>
          {data.mine.length === 0 ? (
            <p>{t("organisations:list.mineEmpty")}</p>
          ) : (
            <ul className="card-list">
              {data.mine.map((o) => (
                <li key={o.id}>
                  <Link to={`/organisations/${o.id}`}>{o.name}</Link>{" "}
                  <span className={`badge ${statusClass[o.status]}`}>
                    {t(`organisations:status.${o.status}`)}
                  </span>{" "}
                  <span className="muted">
                    {t(o.isAdmin ? "organisations:roles.ngo_admin" : "organisations:roles.ngo_member")}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section aria-labelledby="directory-heading">
        <h2 id="directory-heading">{t("organisations:list.directory")}</h2>
        <Form method="get" className="inline-form" role="search">
          <div className="field">
            <label htmlFor="organisation-search">{t("organisations:list.searchLabel")}</label>
            <input id="organisation-search" type="search" name="q" defaultValue={data.search} />
          </div>
          <button type="submit" className="secondary">
            {t("organisations:list.search")}
          </button>
        </Form>
        {data.verified.length === 0 ? (
          <p>{t(data.search ? "organisations:list.noMatch" : "organisations:list.empty")}</p>
        ) : (
          <table>
            <caption>{t("organisations:list.caption", { n: data.verified.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organisations:form.name")}</th>
                <th scope="col">{t("organisations:form.legalForm")}</th>
                <th scope="col">{t("organisations:form.area")}</th>
              </tr>
            </thead>
            <tbody>
              {data.verified.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{o.legalForm ? t(`organisations:legalForms.${o.legalForm}`) : "—"}</td>
                  <td>{o.area}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
