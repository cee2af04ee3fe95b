import type { LoaderFunctionArgs } from "@remix-run/node";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { getUser } from "~/modules/accounts/auth.server";
import { getCallResults, resultsCsv } from "~/modules/funding/funding-exports.server";

/** The call's awards as CSV (public, like the page): aggregated scores only, never a reviewer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const t = await fixedT(await resolveLocale(request, user?.locale));
  const results = await getCallResults(params.callId ?? "", new Date());
  if (!results) throw new Response(null, { status: 404 });
  const csv = resultsCsv(results, [
    t("awards:table.rank"),
    t("awards:table.organisation"),
    t("awards:export.creditCode"),
    t("awards:table.project"),
    t("awards:export.amountYuan"),
    t("awards:table.score"),
    t("awards:export.status"),
    t("awards:export.releasedYuan"),
    t("awards:export.grades"),
  ]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="call-${results.call.id}-results.csv"`,
    },
  });
}
