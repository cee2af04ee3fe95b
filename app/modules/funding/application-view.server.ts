import type { Locale } from "~/i18n/config";
import { fenToYuanInput, formatFen } from "~/lib/money";
import { listAttachments } from "~/modules/uploads/attachment-queries.server";
import type { LoadedApplication } from "./application-queries.server";
import { rowsPerList, type ApplicationFormValues } from "./application-schemas";
import type { ApplicationContentView } from "./application-content";
import { budgetCategoryLabel, isBudgetCategory } from "./budget-rules";
import { callPhase } from "./call-phase";

/** What the application pages show, formatted for the reader (no ids of people, no drafts of others). */

export function formatInstant(at: Date, locale: Locale) {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  }).format(at);
}

export function callTitle(call: { title: string; titleEn: string }, locale: Locale) {
  return locale === "en" && call.titleEn ? call.titleEn : call.title;
}

/** The fields of an application's content, as stored. */
type ContentFields = Pick<
  LoadedApplication,
  | "summary"
  | "needs"
  | "beneficiaries"
  | "beneficiaryCount"
  | "objectives"
  | "activities"
  | "indicators"
  | "team"
  | "budgetLines"
  | "projectTotalMinor"
  | "selfRaisedMinor"
  | "requestedMinor"
>;

/** An application's content as the shared component shows it (money formatted, category labels as keys). */
export function applicationContentView(
  app: ContentFields,
  kind: "venture" | "purchase",
  locale: Locale,
): ApplicationContentView {
  const money = (fen: number) => formatFen(fen, locale);
  return {
    kind,
    summary: app.summary,
    needs: app.needs,
    beneficiaries: app.beneficiaries,
    beneficiaryCount: app.beneficiaryCount,
    objectives: app.objectives,
    activities: app.activities,
    indicators: app.indicators,
    team: app.team,
    budgetLines: app.budgetLines.map((l) => ({
      categoryKey: isBudgetCategory(l.category) ? budgetCategoryLabel[l.category] : budgetCategoryLabel.other,
      item: l.item,
      amount: money(l.amountMinor),
    })),
    projectTotal: money(app.projectTotalMinor),
    selfRaised: money(app.selfRaisedMinor),
    requested: money(app.requestedMinor),
  };
}

export async function applicationView(app: LoadedApplication, locale: Locale, now: Date) {
  return {
    id: app.id,
    title: app.title,
    status: app.status,
    organisationName: app.organisationName,
    callId: app.callId,
    callTitle: callTitle(app.call, locale),
    callKind: app.call.kind,
    callPhase: callPhase(app.call, now),
    closesAt: formatInstant(app.call.closesAt, locale),
    content: applicationContentView(app, app.call.kind, locale),
    submittedAt: app.submittedAt ? formatInstant(app.submittedAt, locale) : null,
    returnReason: app.returnReason,
    reworkDueAt: app.reworkDueAt ? formatInstant(app.reworkDueAt, locale) : null,
    screeningNote: app.screeningNote,
    attachments: (await listAttachments("funding_application", app.id)).map((a) => ({
      id: a.id,
      fileName: a.fileName,
    })),
  };
}

const pad = <T>(list: T[], blank: T): T[] => [
  ...list,
  ...Array.from({ length: Math.max(0, rowsPerList - list.length) }, () => blank),
];

/** The stored application as form values (amounts in yuan, rows padded to the fixed count). */
export function formValuesOf(app: LoadedApplication): ApplicationFormValues {
  return {
    title: app.title,
    summary: app.summary,
    needs: app.needs,
    beneficiaries: app.beneficiaries,
    beneficiaryCount: app.beneficiaryCount ? String(app.beneficiaryCount) : "",
    objectives: app.objectives,
    team: app.team,
    selfRaised: app.selfRaisedMinor ? fenToYuanInput(app.selfRaisedMinor) : "",
    requested: app.requestedMinor ? fenToYuanInput(app.requestedMinor) : "",
    livelihoodProjectId: app.livelihoodProjectId ?? "",
    activities: pad<ApplicationFormValues["activities"][number]>(app.activities, {}),
    indicators: pad<ApplicationFormValues["indicators"][number]>(app.indicators, {}),
    budget: pad<ApplicationFormValues["budget"][number]>(
      app.budgetLines.map((l) => ({
        category: l.category,
        item: l.item,
        amount: fenToYuanInput(l.amountMinor),
      })),
      {},
    ),
  };
}
