import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EngagementDashboard } from "~/components/engagement-dashboard";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { getUser } from "~/modules/accounts/auth.server";
import { loadDashboardPage } from "~/modules/metrics/engagement-views.server";

/** The city's dashboard: the top of the hierarchy, where every drill-down starts. */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = await loadDashboardPage({ request, code: null });
  // No areas imported yet, or the top area is a grid nobody may see: nothing to show.
  if (page.status !== "ok") throw new Response(null, { status: 404 });
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const { exact, query, view, generatedActivity } = page;
  const title = `${t("metrics:dashboard.title", { name: localizedName(view.area, locale) })} · ${t("common:appName")}`;
  const invalid = query.periodErrors !== null || query.compareErrors !== null;
  return data({ title, locale, exact, query, view, generatedActivity }, { status: invalid ? 400 : 200 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function CityEngagement() {
  const loaderData = useLoaderData<typeof loader>();
  return <EngagementDashboard data={loaderData} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
