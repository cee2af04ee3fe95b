import { and, eq, inArray } from "drizzle-orm";
import { fundingAgreements, fundingApplications } from "~db/schema/funding";
import { db } from "~/lib/db.server";
import { isReportLate } from "./agreement-rules";
import { agreementDelivery } from "./agreement-queries.server";
import { findCallWithArea, listCallAwards } from "./award-queries.server";
import { isCallVisible } from "./call-phase";
import { rankCall } from "./ranking.server";

/**
 * The public record of a call's awards and delivery (the transparency page and its CSV / JSON /
 * 360Giving exports). Built from aggregated scores only: no reviewer, no individual score, ever.
 * Awards are public from the notice on (proposed during the notice, confirmed after).
 */
export async function getCallResults(callId: string, now: Date) {
  const found = await findCallWithArea(callId);
  if (!found || !isCallVisible(found.call, now)) return null;
  const { call, area } = found;
  const published = call.status === "notice" || call.status === "awarded";
  const awards = published ? await listCallAwards(call.id) : [];
  const ranking = published ? await rankCall(call.id) : [];
  const rankedById = new Map(ranking.map((r) => [r.applicationId, r]));
  const [unsuccessful] = published
    ? await db
        .select({ id: fundingApplications.id })
        .from(fundingApplications)
        .where(
          and(
            eq(fundingApplications.callId, call.id),
            inArray(fundingApplications.status, ["eligible", "not_awarded"]),
          ),
        )
        .then((rows) => [rows.filter((r) => !awards.some((a) => a.applicationId === r.id)).length])
    : [0];
  const agreements = awards.length
    ? await db
        .select()
        .from(fundingAgreements)
        .where(
          inArray(
            fundingAgreements.awardId,
            awards.map((a) => a.id),
          ),
        )
    : [];
  const agreementByAward = new Map(agreements.map((a) => [a.awardId, a]));
  const rows = [];
  for (const a of awards) {
    const r = rankedById.get(a.applicationId);
    const agreement = agreementByAward.get(a.id);
    const delivery = agreement ? await agreementDelivery(agreement.id) : null;
    rows.push({
      awardId: a.id,
      status: a.status,
      rank: a.rank,
      totalScore: Number(a.totalScore),
      criteria: (r?.criteria ?? []).map((c) => ({
        name: c.name,
        nameEn: c.nameEn,
        weight: c.weight,
        maxScore: c.maxScore,
        aggregated: c.aggregated,
      })),
      priceScore: r?.priceScore ?? null,
      amountMinor: a.amountMinor,
      applicationId: a.applicationId,
      title: a.title,
      summary: a.summary,
      organisation: { id: a.organisationId, name: a.organisationName, creditCode: a.creditCode },
      deviationNote: a.deviationNote,
      confirmedAt: a.confirmedAt,
      livelihoodProjectId: a.livelihoodProjectId,
      agreement:
        agreement && delivery
          ? {
              id: agreement.id,
              startsOn: agreement.startsOn,
              endsOn: agreement.endsOn,
              signedAt: agreement.signedAt,
              stoppedAt: agreement.stoppedAt,
              amountMinor: agreement.amountMinor,
              releasedMinor: delivery.tranches
                .filter((t) => t.status === "released")
                .reduce((s, t) => s + t.amountMinor, 0),
              tranches: delivery.tranches.map((t) => ({
                milestone: t.milestone,
                percent: t.percent,
                amountMinor: t.amountMinor,
                status: t.status,
                releasedAt: t.releasedAt,
              })),
              reports: delivery.reports.map((rep) => ({
                milestone: rep.milestone,
                status: rep.status,
                dueAt: rep.dueAt,
                submittedAt: rep.submittedAt,
                late: isReportLate(rep, now),
              })),
              evaluations: delivery.evaluations.map((e) => ({
                milestone: e.milestone,
                grade: e.grade,
                evaluatedAt: e.evaluatedAt,
              })),
            }
          : null,
    });
  }
  return {
    call: {
      id: call.id,
      kind: call.kind,
      title: call.title,
      titleEn: call.titleEn,
      status: call.status,
      budgetMinor: call.budgetMinor,
      noticeStartsAt: call.noticeStartsAt,
      noticeEndsAt: call.noticeEndsAt,
      awardedAt: call.awardedAt,
    },
    area,
    published,
    awards: rows,
    awardedMinor: rows.reduce((s, r) => s + r.amountMinor, 0),
    unsuccessfulCount: unsuccessful ?? 0,
  };
}

export type CallResults = NonNullable<Awaited<ReturnType<typeof getCallResults>>>;

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // Quote always; neutralise spreadsheet formulas in free text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** One row per award: the public columns only. Headers are given in the reader's language. */
export function resultsCsv(results: CallResults, headers: string[]): string {
  const lines = [headers.map(csvCell).join(",")];
  for (const a of results.awards)
    lines.push(
      [
        a.rank,
        a.organisation.name,
        a.organisation.creditCode,
        a.title,
        (a.amountMinor / 100).toFixed(2),
        a.totalScore.toFixed(2),
        a.status,
        a.agreement ? (a.agreement.releasedMinor / 100).toFixed(2) : "",
        a.agreement?.evaluations.map((e) => `${e.milestone}:${e.grade}`).join(" ") ?? "",
      ]
        .map(csvCell)
        .join(","),
    );
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The machine-readable record (results.json): the same public fields as the page. */
export function resultsJson(results: CallResults) {
  return {
    call: {
      id: results.call.id,
      kind: results.call.kind,
      title: results.call.title,
      titleEn: results.call.titleEn,
      status: results.call.status,
      area: results.area.nameZhCn,
      budgetYuan: results.call.budgetMinor / 100,
      noticeStartsAt: results.call.noticeStartsAt?.toISOString() ?? null,
      noticeEndsAt: results.call.noticeEndsAt?.toISOString() ?? null,
      awardedAt: results.call.awardedAt?.toISOString() ?? null,
    },
    unsuccessfulCount: results.unsuccessfulCount,
    awards: results.awards.map((a) => ({
      id: a.awardId,
      status: a.status,
      rank: a.rank,
      totalScore: a.totalScore,
      priceScore: a.priceScore,
      criteria: a.criteria,
      amountYuan: a.amountMinor / 100,
      title: a.title,
      organisation: a.organisation,
      deviationNote: a.deviationNote,
      agreement: a.agreement
        ? {
            startsOn: a.agreement.startsOn,
            endsOn: a.agreement.endsOn,
            stopped: a.agreement.stoppedAt !== null,
            releasedYuan: a.agreement.releasedMinor / 100,
            tranches: a.agreement.tranches.map((t) => ({
              milestone: t.milestone,
              percent: t.percent,
              amountYuan: t.amountMinor / 100,
              status: t.status,
              releasedAt: t.releasedAt?.toISOString() ?? null,
            })),
            reports: a.agreement.reports.map((r) => ({
              milestone: r.milestone,
              status: r.status,
              dueAt: r.dueAt.toISOString(),
              late: r.late,
            })),
            evaluations: a.agreement.evaluations.map((e) => ({ milestone: e.milestone, grade: e.grade })),
          }
        : null,
    })),
  };
}

/** Confirmed grants in the 360Giving data standard's shape (amounts in yuan, CNY). */
export function grantsJson(results: CallResults) {
  return {
    grants: results.awards
      .filter((a) => a.status === "confirmed")
      .map((a) => ({
        id: `kapok-${a.awardId}`,
        title: a.title,
        description: a.summary,
        currency: "CNY",
        amountAwarded: a.amountMinor / 100,
        awardDate: (a.confirmedAt ?? results.call.awardedAt)?.toISOString().slice(0, 10) ?? null,
        recipientOrganization: [
          {
            id: a.organisation.creditCode
              ? `CN-USCC-${a.organisation.creditCode}`
              : `kapok-org-${a.organisation.id}`,
            name: a.organisation.name,
          },
        ],
        fundingOrganization: [{ id: `kapok-area-${results.area.id}`, name: results.area.nameZhCn }],
        grantProgramme: [{ code: results.call.id, title: results.call.title }],
        plannedDates: a.agreement ? [{ startDate: a.agreement.startsOn, endDate: a.agreement.endsOn }] : [],
        beneficiaryLocation: [{ name: results.area.nameZhCn }],
      })),
  };
}
