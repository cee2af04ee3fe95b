import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "~db/client";
import { users } from "~db/schema/accounts";
import { areas } from "~db/schema/areas";
import type { Locale } from "~/i18n/config";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/errors";
import { isUniqueViolation } from "~/lib/pg-errors.server";
import { actorPseudonym } from "~/modules/participation/pseudonym.server";
import { recordParticipation } from "~/modules/participation/record-participation.server";
import { hashPassword } from "./password.server";
import { reserveRegistration } from "./rate-limits.server";
import { parseOrRefuse, registerSchema } from "./schemas";
import { createSession } from "./session.server";

export interface RegisterInput {
  identifier: string;
  password: string;
  displayName: string;
  /** The language the person registered in becomes their setting. */
  locale?: Locale;
  ip: string | null;
  userAgent: string | null;
  now?: Date;
}

/**
 * One answer for every refusal of the details themselves, including "this phone or email already has an
 * account": the page must not become a way to test which numbers are registered.
 */
export const registrationRefused = "accounts:errors.registrationRefused";

/** Registration is counted at city level: the person has no community until they are verified. */
async function rootCityId(tx: Tx): Promise<number> {
  const [root] = await tx
    .select({ id: areas.id })
    .from(areas)
    .where(eq(areas.level, "city"))
    .orderBy(asc(areas.depth), asc(areas.code))
    .limit(1);
  if (!root) throw new Error("Kapok: no city area exists; import or seed the areas first");
  return root.id;
}

/** Creates the account, its first session and the `account.registered` event in one transaction. */
export async function registerAccount(input: RegisterInput) {
  const now = input.now ?? new Date();
  const { identifier, password, displayName } = parseOrRefuse(registerSchema, input);
  await reserveRegistration({ ip: input.ip, now });
  // Hashed before we know whether the identifier is taken, so both outcomes take the same time.
  const passwordHash = await hashPassword(password);
  const isEmail = identifier.includes("@");
  const userId = crypto.randomUUID();
  const pseudonymSeed = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  // Computed before the transaction: the first use of the installation key reads the database outside the
  // transaction, which on the single-connection PGlite would wait for the transaction forever.
  const pseudonym = await actorPseudonym({ id: userId, pseudonymSeed });
  try {
    return await db.transaction(async (tx) => {
      const areaId = await rootCityId(tx);
      // ON CONFLICT DO NOTHING covers the race too: of two parallel registrations of one identifier, the
      // second waits for the first to commit and then inserts nothing.
      const [user] = await tx
        .insert(users)
        .values({
          id: userId,
          email: isEmail ? identifier : null,
          phone: isEmail ? null : identifier,
          displayName,
          passwordHash,
          locale: input.locale ?? null,
          pseudonymSeed,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: users.id, pseudonymSeed: users.pseudonymSeed });
      if (!user) throw new DomainError(registrationRefused, 409);
      const { token, session } = await createSession(tx, {
        userId: user.id,
        kind: "resident",
        userAgent: input.userAgent,
        now,
      });
      // The subject is the pseudonymous account, never the user id: the event must stay unlinkable.
      await recordParticipation(tx, {
        kind: "account.registered",
        actor: user,
        areaId,
        subjectType: "account",
        subjectId: pseudonym,
      });
      return { userId: user.id, token, expiresAt: session.expiresAt };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError(registrationRefused, 409);
    throw error;
  }
}
