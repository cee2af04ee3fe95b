import { eq } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { canCreateScheme } from "./permissions";
import { schemeRuleIssues, type SchemeFields } from "./scheme-schemas";

export interface CreateSchemeInput {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  areaId: number;
  fields: SchemeFields;
  meta?: RequestMeta;
}

/** Audit shape of a scheme's settings (dates as ISO strings). */
export function schemeSnapshot(f: Partial<SchemeFields>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

/**
 * An official or a committee sets up a scheme for an area they hold a role in. It starts as a draft:
 * nobody sees it until it is published.
 */
export async function createScheme({ actor, actorRoles, areaId, fields, meta }: CreateSchemeInput) {
  const [area] = await db
    .select({ id: areas.id, path: areas.path, level: areas.level })
    .from(areas)
    .where(eq(areas.id, areaId));
  if (!area) throw new DomainError("schemes:errors.areaNotFound", 404);
  const permission = canCreateScheme(actorRoles, { areaPath: area.path, level: area.level });
  if (!permission.allowed) throw new DomainError(permission.reason, 403);
  const issue = schemeRuleIssues(fields)[0];
  if (issue) throw new DomainError(issue.message, 422);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(livelihoodSchemes)
      .values({ ...fields, areaId, status: "draft", createdBy: actor.id })
      .returning({ id: livelihoodSchemes.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "scheme.created",
      subjectType: "scheme",
      subjectId: row!.id,
      areaId,
      after: schemeSnapshot(fields),
      meta,
    });
    return { id: row!.id };
  });
}
