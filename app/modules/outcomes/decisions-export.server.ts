import { asc, desc, eq, inArray, like } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { followUpActions, outcomeItems, outcomes } from "~db/schema/consultations";
import { db } from "~/lib/db.server";

/** Most outcomes one export carries (newest first). */
export const exportLimit = 5000;

/**
 * Every outcome of an area and the areas inside it, for download: what was decided, how each opinion was
 * handled and the follow-up actions. No personal data: no publisher, no objector, no respondent; an
 * action's owner is the department or office named in public.
 */
export async function loadDecisionsExport(areaPath: string) {
  const rows = await db
    .select({
      id: outcomes.id,
      areaCode: areas.code,
      areaNameZhCn: areas.nameZhCn,
      areaNameEn: areas.nameEn,
      consultationId: outcomes.consultationId,
      matterId: outcomes.matterId,
      title: outcomes.title,
      summary: outcomes.summary,
      decisions: outcomes.decisions,
      publishedAt: outcomes.publishedAt,
      noticeEndsAt: outcomes.noticeEndsAt,
    })
    .from(outcomes)
    .innerJoin(areas, eq(areas.id, outcomes.areaId))
    .where(like(areas.path, `${areaPath}%`))
    .orderBy(desc(outcomes.publishedAt), desc(outcomes.id))
    .limit(exportLimit);
  const ids = rows.map((r) => r.id);
  const items = ids.length
    ? await db
        .select()
        .from(outcomeItems)
        .where(inArray(outcomeItems.outcomeId, ids))
        .orderBy(asc(outcomeItems.position))
    : [];
  const actions = ids.length
    ? await db
        .select()
        .from(followUpActions)
        .where(inArray(followUpActions.outcomeId, ids))
        .orderBy(asc(followUpActions.dueOn), asc(followUpActions.id))
    : [];
  return rows.map((r) => ({
    ...r,
    publishedAt: r.publishedAt.toISOString(),
    noticeEndsAt: r.noticeEndsAt.toISOString(),
    items: items
      .filter((i) => i.outcomeId === r.id)
      .map((i) => ({ opinion: i.opinion, handling: i.handling, reason: i.reason })),
    actions: actions
      .filter((a) => a.outcomeId === r.id)
      .map((a) => ({
        title: a.title,
        owner: a.owner,
        dueOn: a.dueOn,
        status: a.status,
        updatedAt: a.updatedAt.toISOString(),
      })),
  }));
}

export type DecisionExportRow = Awaited<ReturnType<typeof loadDecisionsExport>>[number];

export const csvColumns = [
  "outcome_id",
  "area_code",
  "area_name_zh",
  "area_name_en",
  "consultation_id",
  "matter_id",
  "title",
  "summary",
  "decisions",
  "published_at",
  "notice_ends_at",
  "opinions_adopted",
  "opinions_partly",
  "opinions_not_adopted",
  "actions_total",
  "actions_done",
  "actions_overdue",
] as const;

function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  // Spreadsheet formula injection: a leading =, +, - or @ is neutralised.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per outcome (items and actions as counts), with a BOM so spreadsheets read UTF-8. */
export function decisionsCsv(rows: DecisionExportRow[], today: string): string {
  const lines = [csvColumns.join(",")];
  for (const r of rows) {
    const handled = (h: string) => r.items.filter((i) => i.handling === h).length;
    const values: Array<string | number | null> = [
      r.id,
      r.areaCode,
      r.areaNameZhCn,
      r.areaNameEn,
      r.consultationId,
      r.matterId,
      r.title,
      r.summary,
      r.decisions,
      r.publishedAt,
      r.noticeEndsAt,
      handled("adopted"),
      handled("partly"),
      handled("not_adopted"),
      r.actions.length,
      r.actions.filter((a) => a.status === "done").length,
      r.actions.filter((a) => a.dueOn < today && (a.status === "planned" || a.status === "in_progress"))
        .length,
    ];
    lines.push(values.map(csvField).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Today's date in Guangzhou ("2026-11-28"). */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
