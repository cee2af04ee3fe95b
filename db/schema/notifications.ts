import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/** A person following a subject (a proposal, a scheme, a project…) to be notified of its changes. */
export const follows = pgTable(
  "follows",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.subjectType, t.subjectId] }),
    index("follows_subject_idx").on(t.subjectType, t.subjectId),
  ],
);

/** In-app notifications; the text is rendered from `kind` (a catalogue key) and `params` in the reader's language. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    /** Where the notification leads, a path inside the app. */
    href: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);
