import { eq } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import type { Locale } from "~/i18n/config";
import { db } from "~/lib/db.server";

/** Language and text size follow the person to other devices once signed in. */
export async function saveUserPreferences(userId: string, prefs: { locale?: Locale; largeText?: boolean }) {
  await db.update(users).set(prefs).where(eq(users.id, userId));
}
