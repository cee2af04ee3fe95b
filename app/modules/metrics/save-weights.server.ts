import { sql } from "drizzle-orm";
import { rowsOf } from "~db/client";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { listActiveRoles } from "~/modules/accounts/role-queries.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { getActiveWeights } from "./queries.server";
import { canSetWeights, checkWeights } from "./weights";

export interface SaveWeightsInput {
  actor: { id: string };
  /** One integer per component, summing to 100. */
  weights: unknown;
  note?: string | null;
  meta?: RequestMeta;
}

/**
 * Publishes a new version of the index weights. Versions are never edited: every figure records the
 * version it was computed with, so an old figure can always be explained. Audited in the same transaction.
 */
export async function saveWeights({
  actor,
  weights,
  note,
  meta,
}: SaveWeightsInput): Promise<{ version: number }> {
  const permission = canSetWeights(await listActiveRoles(actor.id));
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const checked = checkWeights(weights);
  if (!checked.ok) throw new DomainError(checked.code, 400);
  const trimmedNote = note?.trim() ? note.trim().slice(0, 500) : null;
  // Makes sure version 1 (the defaults) exists before the first change.
  await getActiveWeights();
  return db.transaction(async (tx) => {
    // Self-conflicting, so two admins saving at once get consecutive versions; readers are not blocked.
    await tx.execute(sql`lock table engagement_weight_versions in share row exclusive mode`);
    const [previous] = rowsOf<{ version: number; weights: Record<string, number> | string }>(
      await tx.execute(
        sql`select version, weights from engagement_weight_versions order by version desc limit 1`,
      ),
    );
    const version = Number(previous?.version ?? 0) + 1;
    await tx.execute(
      sql`insert into engagement_weight_versions (version, weights, created_by, note)
        values (${version}, ${JSON.stringify(checked.weights)}::jsonb, ${actor.id}, ${trimmedNote})`,
    );
    const before =
      typeof previous?.weights === "string"
        ? (JSON.parse(previous.weights) as Record<string, number>)
        : previous?.weights;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "metrics.weights_changed",
      subjectType: "engagement_weights",
      subjectId: String(version),
      before: previous ? { version: Number(previous.version), weights: before } : null,
      after: { version, weights: checked.weights },
      reason: trimmedNote,
      meta,
    });
    return { version };
  });
}
