import { and, eq } from "drizzle-orm";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { schemeSnapshot } from "./create-scheme.server";
import { canManageScheme } from "./permissions";
import { editableAfterPublish } from "./scheme-phase";
import { getScheme } from "./scheme-queries.server";
import { schemeRuleIssues, type SchemeFields } from "./scheme-schemas";
import { toShanghaiLocal } from "~/lib/shanghai-time";
import { recordTimeline } from "~/modules/timeline/timeline.server";

export interface UpdateSchemeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  schemeId: string;
  changes: Partial<SchemeFields>;
  meta?: RequestMeta;
  now?: Date;
}

const fieldKeys = [
  "title",
  "description",
  "budgetMinor",
  "capServiceMinor",
  "capGoodsMinor",
  "capWorksMinor",
  "categories",
  "exclusions",
  "supportThreshold",
  "supportWindowDays",
  "maxProposalsPerResident",
  "collectionOpensAt",
  "collectionClosesAt",
  "votingOpensAt",
  "votingClosesAt",
  "noticeDays",
  "votingMethod",
  "countingRule",
  "maxChoices",
  "councilSize",
] as const satisfies readonly (keyof SchemeFields)[];

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

const editable: ReadonlySet<string> = new Set(editableAfterPublish);

/**
 * Edits a scheme. A draft may change in anything; once published only the texts, the notice length and
 * the voting close may change, and the voting close only later and only before it has passed, so no
 * rule changes under residents' feet. Every change is audited with before and after.
 */
export async function updateScheme({
  actor,
  actorRoles,
  schemeId,
  changes,
  meta,
  now = new Date(),
}: UpdateSchemeInput) {
  const found = await getScheme(schemeId);
  if (!found) throw new DomainError("schemes:errors.schemeNotFound", 404);
  const permission = canManageScheme(actorRoles, found.area.path);
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const { scheme } = found;
  if (scheme.status === "cancelled") throw new DomainError("schemes:errors.cancelledLocked", 409);

  const current = Object.fromEntries(fieldKeys.map((k) => [k, scheme[k]])) as unknown as SchemeFields;
  const changed = fieldKeys.filter(
    (k) => k in changes && changes[k] !== undefined && !same(changes[k], current[k]),
  );
  if (changed.length === 0) return { id: schemeId, changed: [] as string[] };

  if (scheme.status === "published") {
    if (changed.some((k) => !editable.has(k)))
      throw new DomainError("schemes:errors.lockedAfterPublish", 422);
    if (changed.includes("votingClosesAt")) {
      if (now.getTime() >= scheme.votingClosesAt.getTime())
        throw new DomainError("schemes:errors.votingAlreadyClosed", 409);
      if (changes.votingClosesAt!.getTime() < scheme.votingClosesAt.getTime())
        throw new DomainError("schemes:errors.votingCloseOnlyLater", 422);
    }
    if (changed.includes("noticeDays") && scheme.resultsPublishedAt)
      throw new DomainError("schemes:errors.noticeAlreadyStarted", 409);
  }
  const next: SchemeFields = { ...current, ...Object.fromEntries(changed.map((k) => [k, changes[k]])) };
  const issue = schemeRuleIssues(next)[0];
  if (issue) throw new DomainError(issue.message, 422);

  const set = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<SchemeFields>;
  const before = schemeSnapshot(Object.fromEntries(changed.map((k) => [k, current[k]])));
  const after = schemeSnapshot(set);

  return db.transaction(async (tx) => {
    const conditions = [eq(livelihoodSchemes.id, schemeId), eq(livelihoodSchemes.status, scheme.status)];
    // A later close is judged against the close read above; a concurrent edit must not slip past it.
    if (changed.includes("votingClosesAt"))
      conditions.push(eq(livelihoodSchemes.votingClosesAt, scheme.votingClosesAt));
    const [row] = await tx
      .update(livelihoodSchemes)
      .set(set)
      .where(and(...conditions))
      .returning({ id: livelihoodSchemes.id });
    if (!row) throw new DomainError("schemes:errors.changedMeanwhile", 409);
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "scheme.updated",
      subjectType: "scheme",
      subjectId: schemeId,
      areaId: scheme.areaId,
      before,
      after,
      meta,
    });
    if (scheme.status === "published") {
      if (changed.includes("votingClosesAt"))
        await recordTimeline(tx, {
          subjectType: "scheme",
          subjectId: schemeId,
          kind: "schemes:timeline.votingExtended",
          actorUserId: actor.id,
          official: true,
          params: { until: toShanghaiLocal(next.votingClosesAt).replace("T", " ") },
          at: now,
        });
      if (changed.some((k) => k !== "votingClosesAt"))
        await recordTimeline(tx, {
          subjectType: "scheme",
          subjectId: schemeId,
          kind: "schemes:timeline.updated",
          actorUserId: actor.id,
          official: true,
          at: now,
        });
    }
    return { id: schemeId, changed: changed as string[] };
  });
}
