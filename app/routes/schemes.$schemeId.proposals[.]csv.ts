import type { LoaderFunctionArgs } from "@remix-run/node";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canManageScheme } from "~/modules/livelihood/permissions";
import { getScheme, listProposalsForExport } from "~/modules/livelihood/scheme-queries.server";
import { fenToYuanInput } from "~/lib/money";

/** One CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it. */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `/schemes/:id/proposals.csv`: every public proposal of the scheme for its managers, with a
 * localised header, UTF-8 with a BOM so Excel opens the Chinese text correctly.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getScheme(params.schemeId ?? "");
  if (!found) throw new Response(null, { status: 404 });
  const roles = await listActiveRoles(user.id);
  if (!canManageScheme(roles, found.area.path).allowed) throw new Response(null, { status: 403 });
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  const rows = await listProposalsForExport(found.scheme.id);
  const header = [
    t("schemes:csv.id"),
    t("schemes:csv.title"),
    t("schemes:csv.status"),
    t("schemes:csv.category"),
    t("schemes:csv.type"),
    t("schemes:csv.estimatedCost"),
    t("schemes:csv.revisedCost"),
    t("schemes:csv.costNote"),
    t("schemes:csv.communityCode"),
    t("schemes:csv.community"),
    t("schemes:csv.supports"),
    t("schemes:csv.createdAt"),
    t("schemes:csv.screeningReason"),
    t("schemes:csv.mergedInto"),
  ];
  const lines = [header.map(cell).join(",")];
  for (const r of rows)
    lines.push(
      [
        r.id,
        r.title,
        t(`schemes:proposalStatus.${r.status}`),
        t(`schemes:categories.${r.category}`),
        t(`schemes:types.${r.type}`),
        fenToYuanInput(r.estimatedCostMinor),
        r.revisedCostMinor === null ? null : fenToYuanInput(r.revisedCostMinor),
        r.costNote,
        r.community.code,
        localizedName(r.community, locale),
        r.supports,
        r.createdAt.toISOString(),
        r.screeningReason ? t(`schemes:screeningReasons.${r.screeningReason}`) : null,
        r.mergedIntoId,
      ]
        .map(cell)
        .join(","),
    );
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="scheme-${found.scheme.id}-proposals.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
