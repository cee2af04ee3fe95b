import type { LoaderFunctionArgs } from "@remix-run/node";
import { fixedT, resolveLocale } from "~/i18n/i18n.server";
import { localizedName } from "~/lib/localized-name";
import { requireUser } from "~/modules/accounts/auth.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { canExportProjects, listProjectsForExport } from "~/modules/livelihood/project-queries.server";
import { parseProjectFilter } from "~/modules/livelihood/project-schemas";

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet (=, +, -, @). */
function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `/projects.csv?scheme=&status=&track=&area=&sort=`: the projects list with the same filters, for
 * officials (whoever manages at least one scheme's area). UTF-8 with a BOM so Excel reads the Chinese.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const roles = await listActiveRoles(user.id);
  const locale = await resolveLocale(request, user.locale);
  const t = await fixedT(locale);
  if (!(await canExportProjects(roles)))
    return new Response(t("projects:csv.forbidden"), {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const rows = await listProjectsForExport(parseProjectFilter(new URL(request.url).searchParams));
  const header = [
    t("projects:csv.id"),
    t("projects:csv.title"),
    t("projects:csv.scheme"),
    t("projects:csv.communityCode"),
    t("projects:csv.community"),
    t("projects:csv.status"),
    t("projects:csv.track"),
    t("projects:csv.progress"),
    t("projects:csv.costYuan"),
    t("projects:csv.responsibleKind"),
    t("projects:csv.responsibleName"),
    t("projects:csv.acceptedAt"),
  ];
  const lines = [header.map(cell).join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.id,
        r.title,
        r.schemeTitle,
        r.community.code,
        localizedName(r.community, locale),
        r.status,
        r.track,
        r.progressPercent,
        (r.costMinor / 100).toFixed(2),
        r.responsibleKind,
        r.responsibleName,
        r.acceptedAt ? r.acceptedAt.toISOString() : null,
      ]
        .map(cell)
        .join(","),
    );
  }
  const date = new Date().toISOString().slice(0, 10);
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="projects-${date}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
