import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EngagementMethodology, type MethodologyData } from "~/components/engagement-methodology";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { getUser } from "~/modules/accounts/auth.server";
import { componentDefinitions } from "~/modules/metrics/components";
import { isPeopleComponent } from "~/modules/metrics/presentation";
import { getActiveWeights, listWeightVersions } from "~/modules/metrics/queries.server";
import { minimumPublishedCount } from "~/modules/metrics/suppression";

/** The methodology, generated from the component definitions and the weights in force. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const t = await fixedT(locale);
  const [active, versions] = await Promise.all([getActiveWeights(), listWeightVersions()]);
  const data: MethodologyData & { title: string } = {
    title: `${t("metrics:methodology.title")} · ${t("common:appName")}`,
    locale,
    activeVersion: active.version,
    components: componentDefinitions.map((d) => ({
      key: d.key,
      nameKey: d.nameKey,
      formulaKey: d.formulaKey,
      sourceKey: d.sourceKey,
      targetKey: d.targetKey,
      target: d.target,
      unit: d.unit,
      kinds: [...d.kinds],
      weight: active.weights[d.key],
      protectsPeople: isPeopleComponent(d.key),
    })),
    versions,
    minimumCount: minimumPublishedCount,
  };
  return data;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kapok" }];

export default function Methodology() {
  const data = useLoaderData<typeof loader>();
  return <EngagementMethodology data={data} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
