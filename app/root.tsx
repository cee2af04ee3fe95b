import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "~/components/csrf-input";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { LocaleSwitcher } from "~/components/locale-switcher";
import { TextSizeToggle } from "~/components/text-size-toggle";
import { loadResources } from "~/i18n/client-resources";
import { defaultLocale, type Locale } from "~/i18n/config";
import { resolveLocale } from "~/i18n/i18n.server";
import { readCookie } from "~/lib/cookies.server";
import { localizedName } from "~/lib/localized-name";
import { keepsLoaders } from "~/lib/revalidation";
import { getSession } from "~/modules/accounts/auth.server";
import { canAdministerRoles } from "~/modules/accounts/permissions";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { textSizeCookieName } from "~/modules/accounts/display-preferences";
import { countUnread } from "~/modules/notifications/notification-queries.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Kapok" }];

/** An action that says it changed nothing shown (see `keepsLoaders`) does not re-run the root loader. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  keepsLoaders(actionResult) ? false : defaultShouldRevalidate;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const user = session?.user ?? null;
  const locale = await resolveLocale(request, user?.locale);
  const textCookie = readCookie(request, textSizeCookieName);
  const largeText = textCookie ? textCookie === "large" : (user?.largeText ?? false);
  const [activeRoles, unreadNotifications] = user
    ? await Promise.all([listActiveRoles(user.id), countUnread(user.id)])
    : [[], 0];
  const residence = activeRoles.find((r) => r.role === "resident");
  return {
    locale,
    largeText,
    csrfToken: context.csrfToken,
    nonce: context.nonce,
    user: user ? { displayName: user.displayName, unreadNotifications } : null,
    residence: residence
      ? {
          code: residence.areaCode,
          name: localizedName(
            {
              nameZhCn: residence.areaNameZhCn,
              nameZhHk: residence.areaNameZhHk,
              nameEn: residence.areaNameEn,
            },
            locale,
          ),
        }
      : null,
    nav: {
      reviewsResidency: activeRoles.some((r) => r.role === "committee_member" || r.role === "grid_worker"),
      admin: canAdministerRoles(activeRoles).allowed,
      applies: activeRoles.some((r) => r.role === "ngo_admin" || r.role === "ngo_member"),
      reviews: activeRoles.some((r) => r.role === "expert_reviewer"),
      moderates: activeRoles.some((r) =>
        ["committee_member", "street_official", "district_official", "city_official"].includes(r.role),
      ),
    },
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? defaultLocale;
  return (
    <html lang={locale} data-text={data?.largeText ? "large" : "normal"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  );
}

type RootData = Awaited<ReturnType<typeof useLoaderData<typeof loader>>>;

function SiteHeader({ data }: { data: RootData }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("common:skipToContent")}
      </a>
      <div className="brand-row">
        <Link to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            ✿
          </span>{" "}
          {t("common:appName")}
        </Link>
        {data.residence ? (
          <Link to={`/areas/${data.residence.code}`} className="area-context">
            {t("common:nav.myCommunity", { name: data.residence.name })}
          </Link>
        ) : null}
      </div>
      <nav aria-label={t("common:nav.label")} className="site-nav">
        <ul>
          <li>
            <NavLink to="/schemes">{t("common:nav.schemes")}</NavLink>
          </li>
          <li>
            <NavLink to="/projects">{t("common:nav.projects")}</NavLink>
          </li>
          <li>
            <NavLink to="/matters">{t("common:nav.matters")}</NavLink>
          </li>
          <li>
            <NavLink to="/consultations">{t("common:nav.consultations")}</NavLink>
          </li>
          <li>
            <NavLink to="/areas">{t("common:nav.areas")}</NavLink>
          </li>
          <li>
            <NavLink to="/funding">{t("common:nav.funding")}</NavLink>
          </li>
          <li>
            <NavLink to="/engagement">{t("common:nav.engagement")}</NavLink>
          </li>
          {data.nav.reviewsResidency ? (
            <li>
              <NavLink to="/residency/requests">{t("common:nav.residencyQueue")}</NavLink>
            </li>
          ) : null}
          {data.nav.applies ? (
            <li>
              <NavLink to="/applications">{t("common:nav.applications")}</NavLink>
            </li>
          ) : null}
          {data.nav.reviews ? (
            <li>
              <NavLink to="/reviews">{t("common:nav.reviews")}</NavLink>
            </li>
          ) : null}
          {data.nav.moderates ? (
            <li>
              <NavLink to="/moderation">{t("common:nav.moderation")}</NavLink>
            </li>
          ) : null}
          {data.nav.admin ? (
            <li>
              <NavLink to="/admin/roles">{t("common:nav.admin")}</NavLink>
            </li>
          ) : null}
          {data.user ? (
            <>
              <li>
                <NavLink
                  to="/notifications"
                  aria-label={
                    data.user.unreadNotifications > 0
                      ? t("deliberation:nav.notificationsUnread", { count: data.user.unreadNotifications })
                      : undefined
                  }
                >
                  {t("deliberation:nav.notifications")}
                  {data.user.unreadNotifications > 0 ? (
                    <>
                      {" "}
                      <span className="badge">{data.user.unreadNotifications}</span>
                    </>
                  ) : null}
                </NavLink>
              </li>
              <li>
                <NavLink to="/account">{t("common:nav.account", { name: data.user.displayName })}</NavLink>
              </li>
              <li>
                <Form method="post" action="/logout">
                  <CsrfInput />
                  <button type="submit" className="link-button">
                    {t("common:nav.logout")}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <>
              <li>
                <NavLink to="/login">{t("common:nav.login")}</NavLink>
              </li>
              <li>
                <NavLink to="/register">{t("common:nav.register")}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      <div className="preferences">
        <LocaleSwitcher current={data.locale} />
        <TextSizeToggle large={data.largeText} />
      </div>
    </header>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("common:footer.about")}</p>
    </footer>
  );
}

/**
 * The browser's i18next instance starts in the language the page was served in. When the server's choice
 * changes during client-side navigation (switcher, or logging in to an account with another setting),
 * load that language and switch, so the page never mixes two languages.
 */
function useFollowServerLocale(locale: Locale) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language === locale) return;
    let cancelled = false;
    void loadResources(locale).then((resources) => {
      if (cancelled) return;
      for (const [ns, bundle] of Object.entries(resources))
        i18n.addResourceBundle(locale, ns, bundle, true, true);
      void i18n.changeLanguage(locale);
    });
    return () => {
      cancelled = true;
    };
  }, [i18n, locale]);
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  useFollowServerLocale(data.locale);
  return (
    <>
      <SiteHeader data={data} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  const { t } = useTranslation();
  return (
    <>
      {data ? (
        <SiteHeader data={data} />
      ) : (
        <header className="site-header">
          <Link to="/" className="brand">
            {t("common:appName")}
          </Link>
        </header>
      )}
      <main id="main" tabIndex={-1}>
        <GeneralErrorBoundary />
      </main>
    </>
  );
}
