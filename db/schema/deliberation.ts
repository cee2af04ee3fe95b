import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { areas } from "./areas";

export const commentStance = pgEnum("comment_stance", ["support", "oppose", "neutral"]);

/** Threaded comments on any subject (proposals now; matters and consultations later). */
export const comments = pgTable(
  "comments",
  {
    id: uuid().primaryKey().defaultRandom(),
    subjectType: text().notNull(),
    subjectId: uuid().notNull(),
    /** Community or grid of the subject, for the participation event and moderation scope. */
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    parentId: uuid(),
    authorId: uuid().references(() => users.id),
    body: text().notNull(),
    stance: commentStance().notNull().default("neutral"),
    /** Posted by someone acting in an official capacity on this subject's area. */
    official: boolean().notNull().default(false),
    reportCount: integer().notNull().default(0),
    hiddenAt: timestamp({ withTimezone: true }),
    hiddenBy: uuid().references(() => users.id),
    hiddenReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("comments_subject_idx").on(t.subjectType, t.subjectId, t.createdAt),
    index("comments_area_reported_idx").on(t.areaId, t.reportCount),
  ],
);

/** One report per person per comment (primary key). */
export const commentReports = pgTable(
  "comment_reports",
  {
    commentId: uuid()
      .notNull()
      .references(() => comments.id),
    reporterId: uuid()
      .notNull()
      .references(() => users.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.reporterId] })],
);
