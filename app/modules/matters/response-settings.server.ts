import { desc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { areaResponseSettings } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { recordAudit } from "~/modules/audit/record-audit.server";
import { defaultResponseDays, maxResponseDays, minResponseDays } from "./matter-schemas";

/**
 * The response deadline, in working days, for matters raised in the area at `areaPath`: the setting of
 * the nearest area on its path (itself, its street, its district…), else the default of 5.
 */
export async function responseDaysFor(
  areaPath: string,
  q: Queryable = db,
): Promise<{ days: number; setAt: { areaId: number; code: string } | null }> {
  const [row] = await q
    .select({ days: areaResponseSettings.responseWorkingDays, areaId: areas.id, code: areas.code })
    .from(areaResponseSettings)
    .innerJoin(areas, eq(areas.id, areaResponseSettings.areaId))
    .where(sql`${areaPath} like ${areas.path} || '%'`)
    .orderBy(desc(areas.depth))
    .limit(1);
  return row
    ? { days: row.days, setAt: { areaId: row.areaId, code: row.code } }
    : { days: defaultResponseDays, setAt: null };
}

/** The settings held directly on the given areas (for the settings page). */
export async function listResponseSettings(areaIds: number[]) {
  if (areaIds.length === 0) return new Map<number, number>();
  const rows = await db
    .select({ areaId: areaResponseSettings.areaId, days: areaResponseSettings.responseWorkingDays })
    .from(areaResponseSettings)
    .where(inArray(areaResponseSettings.areaId, areaIds));
  return new Map(rows.map((r) => [r.areaId, r.days]));
}

/**
 * A committee member sets their community's response days, an official their street's (district's…);
 * the areas below inherit it unless they set their own. Audited with the old and new value. Matters
 * already raised keep their deadline.
 */
export async function setResponseDays({
  actor,
  actorRoles,
  areaCode,
  days,
  meta,
  now = new Date(),
}: {
  actor: { id: string };
  actorRoles: readonly ScopedRole[];
  areaCode: string;
  days: number;
  meta?: RequestMeta;
  now?: Date;
}) {
  const [area] = await db
    .select({ id: areas.id, path: areas.path, level: areas.level })
    .from(areas)
    .where(eq(areas.code, areaCode));
  if (!area || area.level === "grid") throw new DomainError("matters:errors.pickArea", 404);
  const permission = canManageArea(actorRoles, area.path);
  if (!permission.allowed) throw new DomainError("matters:errors.notYourArea", 403);
  if (!Number.isInteger(days) || days < minResponseDays || days > maxResponseDays)
    throw new DomainError("matters:errors.daysRange", 422);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ days: areaResponseSettings.responseWorkingDays })
      .from(areaResponseSettings)
      .where(eq(areaResponseSettings.areaId, area.id))
      .for("update");
    await tx
      .insert(areaResponseSettings)
      .values({ areaId: area.id, responseWorkingDays: days, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({
        target: areaResponseSettings.areaId,
        set: { responseWorkingDays: days, updatedBy: actor.id, updatedAt: now },
      });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: "area.response_days_changed",
      subjectType: "area",
      subjectId: String(area.id),
      areaId: area.id,
      before: before ? { responseWorkingDays: before.days } : null,
      after: { responseWorkingDays: days },
      meta,
    });
  });
}
