import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EngagementDashboard } from "~/components/engagement-dashboard";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { loadDashboardPage } from "~/modules/metrics/engagement-views.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadDashboardPage({ request, code: params.code ?? "" });
  if (page.status === "notFound") throw new Response(null, { status: 404 });
  if (page.status === "gridForbidden") throw data({ reason: "gridOfficialsOnly" }, { status: 403 });
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const { exact, query, view, generatedActivity } = page;
  const title = `${t("metrics:dashboard.title", { name: localizedName(view.area, locale) })} · ${t("common:appName")}`;
  const invalid = query.periodErrors !== null || query.compareErrors !== null;
  return data({ title, locale, exact, query, view, generatedActivity }, { status: invalid ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function AreaEngagement() {
  const loaderData = useLoaderData<typeof loader>();
  return <EngagementDashboard data={loaderData} />;
}

/** A grid's dashboard asked for by someone who is not responsible for it: say why, not just "forbidden". */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (
    isRouteErrorResponse(error) &&
    error.status === 403 &&
    (error.data as { reason?: string } | null)?.reason === "gridOfficialsOnly"
  ) {
    return (
      <section className="error-page" aria-labelledby="error-title">
        <p className="error-status">403</p>
        <h1 id="error-title">{t("metrics:access.gridTitle")}</h1>
        <p>{t("metrics:access.gridBody")}</p>
        <p>
          <a href="/engagement">{t("metrics:access.back")}</a>
        </p>
      </section>
    );
  }
  return <GeneralErrorBoundary />;
}
