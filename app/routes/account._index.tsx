import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { isLocale } from "~/i18n/config";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getAccountOverview } from "~/modules/accounts/account-queries.server";
import { requireUser } from "~/modules/accounts/auth.server";
import { maskEmail, maskPhone } from "~/modules/accounts/identifier";

/** Notices this page shows after another page sent the person here. */
const notices = { passwordChanged: "accounts:account.passwordChanged" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const overview = await getAccountOverview(user.id);
  if (!overview) throw new Response(null, { status: 404 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const notice = new URL(request.url).searchParams.get("notice");
  return {
    title: `${t("accounts:account.title")} · ${t("common:appName")}`,
    displayName: overview.displayName,
    phone: overview.phone ? maskPhone(overview.phone) : null,
    email: overview.email ? maskEmail(overview.email) : null,
    locale: isLocale(overview.locale) ? overview.locale : locale,
    largeText: overview.largeText,
    roles: overview.roles.map((r) => ({
      id: r.id,
      role: r.role,
      areaCode: r.areaCode,
      areaName: localizedName(
        { nameZhCn: r.areaNameZhCn, nameZhHk: r.areaNameZhHk, nameEn: r.areaNameEn },
        locale,
      ),
    })),
    notice: notice === "passwordChanged" ? notices.passwordChanged : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Account() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("accounts:account.title")}</h1>
      {data.notice ? (
        <p className="notice" role="status">
          {t(data.notice)}
        </p>
      ) : null}

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("accounts:account.profile")}</h2>
        <dl>
          <dt>{t("accounts:fields.displayName")}</dt>
          <dd>{data.displayName}</dd>
          {data.phone ? (
            <>
              <dt>{t("accounts:account.phone")}</dt>
              <dd>{data.phone}</dd>
            </>
          ) : null}
          {data.email ? (
            <>
              <dt>{t("accounts:account.email")}</dt>
              <dd>{data.email}</dd>
            </>
          ) : null}
          <dt>{t("accounts:account.language")}</dt>
          <dd lang={data.locale}>{t(`common:locale.names.${data.locale}`)}</dd>
          <dt>{t("accounts:account.textSize")}</dt>
          <dd>
            {data.largeText ? t("accounts:account.textSizeLarge") : t("accounts:account.textSizeNormal")}
          </dd>
        </dl>
        <p className="muted">{t("accounts:account.preferencesHint")}</p>
      </section>

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t("accounts:account.roles")}</h2>
        {data.roles.length ? (
          <ul>
            {data.roles.map((r) => (
              <li key={r.id}>
                {t(`accounts:roles.${r.role}`)} · <Link to={`/areas/${r.areaCode}`}>{r.areaName}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("accounts:account.noRoles")}</p>
        )}
        <p>
          <Link to="/account/residency">{t("accounts:account.residencyLink")}</Link>
        </p>
        <p>
          <Link to="/account/proposals">{t("accounts:account.proposalsLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="security-heading">
        <h2 id="security-heading">{t("accounts:account.security")}</h2>
        <ul>
          <li>
            <Link to="/account/password">{t("accounts:account.changePasswordLink")}</Link>
          </li>
          <li>
            <a href="/account/export" download="kapok-my-data.json">
              {t("accounts:account.exportLink")}
            </a>
          </li>
          <li>
            <Link to="/account/delete">{t("accounts:account.deleteLink")}</Link>
          </li>
        </ul>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
