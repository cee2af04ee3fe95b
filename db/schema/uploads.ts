import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * An uploaded file (photo or document) attached to a subject. The bytes live in the storage backend
 * (`./data/uploads` by default) under `storageKey`; only checked types and sizes are accepted.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    storageKey: text().notNull().unique(),
    fileName: text().notNull(),
    mimeType: text().notNull(),
    sizeBytes: integer().notNull(),
    /** SHA-256 of the content, hex. */
    sha256: text().notNull(),
    uploadedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("attachments_subject_idx").on(t.subjectType, t.subjectId)],
);
