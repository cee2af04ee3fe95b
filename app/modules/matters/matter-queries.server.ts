import { and, asc, count, desc, eq, inArray, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "~db/client";
import { areas } from "~db/schema/areas";
import { matterMeToos, matters } from "~db/schema/matters";
import { db } from "~/lib/db.server";
import type { ScopedRole } from "~/modules/accounts/permissions";
import type { MatterSort, StatusFilter } from "./matter-schemas";

const community = alias(areas, "community");
const grid = alias(areas, "grid");

const matterColumns = {
  id: matters.id,
  title: matters.title,
  description: matters.description,
  category: matters.category,
  address: matters.address,
  status: matters.status,
  authorId: matters.authorId,
  communityId: matters.communityId,
  gridId: matters.gridId,
  responseDueAt: matters.responseDueAt,
  acknowledgedAt: matters.acknowledgedAt,
  handlerName: matters.handlerName,
  respondedAt: matters.respondedAt,
  responseKind: matters.responseKind,
  responseText: matters.responseText,
  referredDepartment: matters.referredDepartment,
  consultationId: matters.consultationId,
  proposalId: matters.proposalId,
  meTooCount: matters.meTooCount,
  rating: matters.rating,
  ratedAt: matters.ratedAt,
  createdAt: matters.createdAt,
  community: {
    code: community.code,
    path: community.path,
    nameZhCn: community.nameZhCn,
    nameZhHk: community.nameZhHk,
    nameEn: community.nameEn,
  },
};

/** One matter with its community (path for permission checks) and grid, or null. Never trust the id. */
export async function getMatter(matterId: string, q: Queryable = db) {
  if (!/^[0-9a-f-]{36}$/i.test(matterId)) return null;
  const [row] = await q
    .select({
      ...matterColumns,
      grid: { code: grid.code, nameZhCn: grid.nameZhCn, nameZhHk: grid.nameZhHk, nameEn: grid.nameEn },
    })
    .from(matters)
    .innerJoin(community, eq(community.id, matters.communityId))
    .leftJoin(grid, eq(grid.id, matters.gridId))
    .where(eq(matters.id, matterId));
  return row ?? null;
}

export type MatterRow = NonNullable<Awaited<ReturnType<typeof getMatter>>>;

export async function hasMeToo(matterId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: matterMeToos.userId })
    .from(matterMeToos)
    .where(and(eq(matterMeToos.matterId, matterId), eq(matterMeToos.userId, userId)));
  return Boolean(row);
}

/** The number of "me too" rows, for checking the kept count. */
export async function countMeToos(matterId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(matterMeToos).where(eq(matterMeToos.matterId, matterId));
  return row?.n ?? 0;
}

const openStatuses = ["raised", "acknowledged"] as const;
const openCondition = inArray(matters.status, [...openStatuses]);
const overdueCondition = (now: Date) =>
  and(isNull(matters.respondedAt), lt(matters.responseDueAt, now), openCondition)!;

export const pageSize = 20;

/** The public list: a subtree (by area path), a status filter, a sort, a page. */
export async function listMatters({
  areaPath,
  status,
  sort,
  page,
  now = new Date(),
}: {
  areaPath: string | null;
  status: StatusFilter;
  sort: MatterSort;
  page: number;
  now?: Date;
}) {
  const conditions: SQL[] = [];
  if (areaPath) conditions.push(like(community.path, `${areaPath}%`));
  if (status === "open") conditions.push(openCondition);
  if (status === "overdue") conditions.push(overdueCondition(now));
  if (status === "responded") conditions.push(sql`${matters.respondedAt} is not null`);
  const where = conditions.length ? and(...conditions) : undefined;
  const order =
    sort === "metoo"
      ? [desc(matters.meTooCount), desc(matters.createdAt)]
      : sort === "due"
        ? [asc(matters.responseDueAt), desc(matters.meTooCount)]
        : [desc(matters.createdAt)];
  const [rows, [total]] = await Promise.all([
    db
      .select(matterColumns)
      .from(matters)
      .innerJoin(community, eq(community.id, matters.communityId))
      .where(where)
      .orderBy(...order, asc(matters.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(matters)
      .innerJoin(community, eq(community.id, matters.communityId))
      .where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Whether the person has a committee queue at all (committee member or an area official). */
export function hasMatterQueue(roles: readonly ScopedRole[]): boolean {
  return roles.some((r) =>
    ["committee_member", "street_official", "district_official", "city_official"].includes(r.role),
  );
}

/**
 * The handling queue: a committee member sees every open matter of their community; an official above
 * (street, district, city) sees the overdue open matters of the communities under them, the ones the
 * street is asked to chase. Overdue first, then by "me too", then by deadline.
 */
export async function listMatterQueue(roles: readonly ScopedRole[], now = new Date()) {
  const scopes: SQL[] = [];
  for (const r of roles) {
    if (r.role === "committee_member")
      scopes.push(and(like(community.path, `${r.areaPath}%`), openCondition)!);
    else if (["street_official", "district_official", "city_official"].includes(r.role))
      scopes.push(and(like(community.path, `${r.areaPath}%`), overdueCondition(now))!);
  }
  if (scopes.length === 0) return [];
  return db
    .select(matterColumns)
    .from(matters)
    .innerJoin(community, eq(community.id, matters.communityId))
    .where(or(...scopes))
    .orderBy(
      desc(sql`(${matters.responseDueAt} < ${now.toISOString()}::timestamptz)`),
      desc(matters.meTooCount),
      asc(matters.responseDueAt),
      asc(matters.id),
    )
    .limit(200);
}

/** Matters the person raised, newest first (for their own view). */
export async function listOwnMatters(userId: string) {
  return db
    .select(matterColumns)
    .from(matters)
    .innerJoin(community, eq(community.id, matters.communityId))
    .where(eq(matters.authorId, userId))
    .orderBy(desc(matters.createdAt))
    .limit(100);
}

/** Quiet counts for a community page or dashboard: open, overdue. */
export async function countOpenMatters(areaPath: string, now = new Date()) {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${openCondition})`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${overdueCondition(now)})`.mapWith(Number),
    })
    .from(matters)
    .innerJoin(community, eq(community.id, matters.communityId))
    .where(like(community.path, `${areaPath}%`));
  return row ?? { open: 0, overdue: 0 };
}
