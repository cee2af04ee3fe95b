import { index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { areas } from "./areas";

export const objectionAnswer = pgEnum("objection_answer", ["upheld", "dismissed"]);

/**
 * Objections raised during a public notice (公示) on any subject (a livelihood scheme's results now;
 * funding awards and consultation outcomes later), each answered by an official.
 */
export const objections = pgTable(
  "objections",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    authorId: uuid().references(() => users.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    answer: objectionAnswer(),
    answerText: text(),
    answeredBy: uuid().references(() => users.id),
    answeredAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("objections_subject_idx").on(t.subjectType, t.subjectId, t.createdAt)],
);
