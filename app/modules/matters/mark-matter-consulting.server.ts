import type { Tx } from "~db/client";
import { DomainError } from "~/lib/errors";
import type { RequestMeta } from "~/lib/request-meta.server";
import { canManageArea, type ScopedRole } from "~/modules/accounts/permissions";
import { notifyMatterFollowers } from "./manage-matter.server";
import { getMatter } from "./matter-queries.server";
import { writeResponse, type Responder } from "./respond-to-matter.server";

/**
 * For the consultation form (`/consultations/new?matter=<id>`): call inside the transaction that creates
 * the consultation. The matter moves to `consulting` with the consultation's id, as the committee's
 * response (on time or not, audited, on its timeline). Throws a DomainError (so the consultation is not
 * created either) when the matter is unknown, not the actor's to handle, or already responded to.
 * Pass `actor` (with pseudonymSeed and displayName) so the response is attributed and counted; then,
 * AFTER the commit, call `announceMatterConsulting` to tell the matter's followers.
 */
export async function markMatterConsulting(
  tx: Tx,
  matterId: string,
  consultationId: string,
  options: { actor?: Responder; actorRoles?: readonly ScopedRole[]; meta?: RequestMeta; now?: Date } = {},
) {
  const matter = await getMatter(matterId, tx);
  if (!matter) throw new DomainError("matters:errors.matterNotFound", 404);
  if (options.actorRoles && !canManageArea(options.actorRoles, matter.community.path).allowed)
    throw new DomainError("matters:errors.notYourArea", 403);
  const result = await writeResponse(tx, {
    matterId: matter.id,
    kind: "consultation",
    text: null,
    consultationId,
    actor: options.actor ?? null,
    meta: options.meta,
    now: options.now ?? new Date(),
  });
  if (!result) throw new DomainError("matters:errors.alreadyResponded", 409);
  return result;
}

/** After the consultation's transaction committed: tells the matter's followers. Best effort. */
export function announceMatterConsulting(matter: { id: string; title: string }, exceptUserId?: string) {
  return notifyMatterFollowers(matter, "matters:notifications.consulting", exceptUserId);
}
