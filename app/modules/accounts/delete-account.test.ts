import { and, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { residencyRequests, roleAssignments, sessions, users } from "~db/schema/accounts";
import { auditEntries, participationEvents } from "~db/schema/ledger";
import { db } from "~/lib/db.server";
import { isDomainError } from "~/lib/errors";
import { actorPseudonym } from "~/modules/participation/pseudonym.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import {
  PASSWORD,
  grantRole,
  ledgerCounts,
  makeCommunity,
  registerPerson,
  uniqueEmail,
  uniqueIp,
} from "../../../tests/helpers/account-fixtures";
import { deleteAccount, passwordWrong } from "./delete-account.server";
import { logIn } from "./log-in.server";
import { validateSessionToken } from "./session.server";

const meta = { ip: "192.0.2.1", userAgent: "vitest" };

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

test("deletion blanks personal data, ends sessions and roles, and keeps every participation count", async () => {
  const email = uniqueEmail();
  const { user, token } = await registerPerson({ identifier: email, displayName: "要离开的人" });
  const other = await registerPerson({ displayName: "留下的人" });
  const community = await makeCommunity();
  await grantRole(user.id, "resident", community.id);
  await db.insert(residencyRequests).values({ userId: user.id, communityId: community.id, message: "3栋2单元501", status: "approved" });
  await db.insert(residencyRequests).values({ userId: user.id, communityId: community.id, message: "再次申请：5栋" });
  // Some participation by both people.
  await db.transaction(async (tx) => {
    for (const actor of [user, user, other.user]) {
      await recordParticipation(tx, {
        kind: "residency.requested",
        actor,
        areaId: community.id,
        subjectType: "community",
        subjectId: community.code,
      });
    }
  });
  const pseudonym = await actorPseudonym(user);
  const before = await ledgerCounts();
  const mine = await db.select().from(participationEvents).where(eq(participationEvents.actorPseudonym, pseudonym));
  expect(mine).toHaveLength(3);

  await deleteAccount({ userId: user.id, password: PASSWORD, meta });

  // Counts and distinct actors are unchanged; the events themselves are untouched.
  expect(await ledgerCounts()).toEqual(before);
  expect(await db.select().from(participationEvents).where(eq(participationEvents.actorPseudonym, pseudonym))).toEqual(mine);

  const [row] = await db.select().from(users).where(eq(users.id, user.id));
  expect(row).toMatchObject({ email: null, phone: null, displayName: "", passwordHash: null, pseudonymSeed: null });
  expect(row!.deletedAt).not.toBeNull();
  // Without the seed the pseudonym cannot be recomputed, by anyone.
  await expect(actorPseudonym(row!)).rejects.toThrow();

  const requests = await db.select().from(residencyRequests).where(eq(residencyRequests.userId, user.id));
  expect(requests.map((r) => r.message)).toEqual([null, null]);
  expect(requests.map((r) => r.status).sort()).toEqual(["approved", "cancelled"]);
  const active = await db
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, user.id)));
  expect(active.every((r) => r.revokedAt !== null && r.revokedBy === user.id)).toBe(true);
  expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  expect(await validateSessionToken(token)).toBeNull();

  const [audit] = await db.select().from(auditEntries).where(and(eq(auditEntries.action, "account.deleted"), eq(auditEntries.subjectId, user.id)));
  expect(audit).toMatchObject({ actorUserId: user.id, subjectType: "user" });
  const recorded = JSON.stringify([audit!.before, audit!.after]);
  for (const personal of [email, email.toLowerCase(), "要离开的人", "3栋2单元501", pseudonym]) expect(recorded).not.toContain(personal);

  // The other person is untouched.
  const [still] = await db.select().from(users).where(eq(users.id, other.user.id));
  expect(still).toMatchObject({ displayName: "留下的人", deletedAt: null });
  expect(await validateSessionToken(other.token)).not.toBeNull();

  // The email is free again: registering with it makes a new, unrelated person.
  const again = await registerPerson({ identifier: email });
  expect(again.user.id).not.toBe(user.id);
  expect(await actorPseudonym(again.user)).not.toBe(pseudonym);
});

test("a wrong password is refused and deletes nothing", async () => {
  const phoneUser = await registerPerson();
  const error = await failure(deleteAccount({ userId: phoneUser.user.id, password: "not it", meta: { ...meta, ip: uniqueIp() } }));
  expect(isDomainError(error)).toBe(true);
  expect(error).toMatchObject({ code: passwordWrong, status: 400 });
  const [row] = await db.select().from(users).where(eq(users.id, phoneUser.user.id));
  expect(row!.deletedAt).toBeNull();
  expect((await logIn({ identifier: phoneUser.identifier, password: PASSWORD, ip: uniqueIp(), userAgent: null })).userId).toBe(
    phoneUser.user.id,
  );
});

test("an empty password is bad input (400), not a server error", async () => {
  const { user } = await registerPerson();
  const error = await failure(deleteAccount({ userId: user.id, password: "", meta }));
  expect(error).toMatchObject({ code: "errors:required", status: 400 });
});
