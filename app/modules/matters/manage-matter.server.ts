import { DomainError } from "~/lib/errors";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { notifyFollowers } from "~/modules/notifications/notify.server";
import { getMatter, type MatterRow } from "./matter-queries.server";

/** The matter, if the actor acts for its community (its committee or an official above it). */
export async function loadMatterToManage(
  matterId: string,
  actorRoles: readonly ScopedRole[],
): Promise<MatterRow> {
  const matter = await getMatter(matterId);
  if (!matter) throw new DomainError("matters:errors.matterNotFound", 404);
  if (!canManageArea(actorRoles, matter.community.path).allowed)
    throw new DomainError("matters:errors.notYourArea", 403);
  return matter;
}

export function matterHref(matterId: string) {
  return `/matters/${matterId}`;
}

/** Tells the matter's followers (the author, the "me too" residents) after the change has committed. */
export function notifyMatterFollowers(
  matter: { id: string; title: string },
  kind: string,
  exceptUserId?: string,
  params: Record<string, string | number> = {},
) {
  return notifyFollowers({
    subjectType: "matter",
    subjectId: matter.id,
    kind,
    href: matterHref(matter.id),
    params: { title: matter.title, ...params },
    exceptUserId,
  });
}
