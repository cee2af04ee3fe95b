import { eq, inArray, sql } from "drizzle-orm";
import { areas } from "~db/schema/areas";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import type { RequestMeta } from "~/lib/request-meta.server";
import { recordAudit } from "~/modules/audit/record-audit.server";
import {
  codesToLookUp,
  parseAreaCsv,
  planAreaImport,
  type AreaCsvIssue,
  type ExistingArea,
} from "./area-csv";
import { insertAreas } from "./insert-areas.server";

export type ImportAreasResult =
  | { ok: true; count: number; topCodes: string[] }
  | { ok: false; issues: AreaCsvIssue[] };

/**
 * Imports another city's areas from CSV text. The whole file is checked first, against itself and the
 * database; one bad row means nothing is written. A good file is written in one transaction with an
 * `areas.imported` audit entry.
 */
export async function importAreas({
  csvText,
  actorUserId = null,
  meta,
}: {
  csvText: string;
  actorUserId?: string | null;
  meta?: RequestMeta;
}): Promise<ImportAreasResult> {
  const parsed = parseAreaCsv(csvText);
  if (parsed.rows.length === 0) return { ok: false, issues: parsed.issues };

  try {
    return await db.transaction(async (tx) => {
      // Imports run one at a time, so the codes checked below are still free when they are written.
      await tx.execute(sql`lock table areas in share row exclusive mode`);
      const codes = codesToLookUp(parsed.rows);
      const existing = new Map<string, ExistingArea>();
      for (let i = 0; i < codes.length; i += 5_000) {
        const found = await tx
          .select({ code: areas.code, path: areas.path, depth: areas.depth })
          .from(areas)
          .where(inArray(areas.code, codes.slice(i, i + 5_000)));
        for (const area of found) existing.set(area.code, area);
      }
      const { issues, planned } = planAreaImport(parsed.rows, existing);
      const allIssues = [...parsed.issues, ...issues].sort((a, b) => a.line - b.line);
      if (allIssues.length > 0) return { ok: false, issues: allIssues } as const;

      await insertAreas(
        tx,
        planned.map((p) => ({ ...p, subkind: null, isSample: false })),
      );
      const top = planned.filter((p) => !p.parentCode || existing.has(p.parentCode));
      const [first] = await tx.select({ id: areas.id }).from(areas).where(eq(areas.code, top[0]!.code));
      await recordAudit(tx, {
        actorUserId,
        action: "areas.imported",
        subjectType: "area",
        subjectId: top[0]!.code,
        areaId: first?.id ?? null,
        after: { count: planned.length, topCodes: top.map((p) => p.code).slice(0, 100) },
        meta,
      });
      return { ok: true, count: planned.length, topCodes: top.map((p) => p.code) } as const;
    });
  } catch (error) {
    // Only reachable if another writer slipped a code in around the lock (a PostgreSQL replica, say).
    if (isUniqueViolation(error)) throw new DomainError("areas:import.errors.conflict", 409);
    throw error;
  }
}
