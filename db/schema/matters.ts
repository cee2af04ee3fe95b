import { sql } from "drizzle-orm";
import {
  boolean,
  date,
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
import { proposals, satisfaction } from "./livelihood";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const matterStatus = pgEnum("matter_status", [
  "raised",
  "acknowledged",
  "answered",
  "consulting",
  "proposed",
  "referred",
  "declined",
]);
export const matterResponseKind = pgEnum("matter_response_kind", [
  "answer",
  "consultation",
  "proposal",
  "referral",
  "decline",
]);

/**
 * A neighbourhood matter (议题) a verified resident raises for their community. It must be answered
 * by `responseDueAt` (working days from raising, per the area's setting and the holiday calendar).
 */
export const matters = pgTable(
  "matters",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The community the matter is raised in. */
    communityId: integer()
      .notNull()
      .references(() => areas.id),
    gridId: integer().references(() => areas.id),
    authorId: uuid().references(() => users.id),
    title: text().notNull(),
    description: text().notNull(),
    category: text().notNull(),
    address: text().notNull().default(""),
    status: matterStatus().notNull().default("raised"),
    responseDueAt: timestamp({ withTimezone: true }).notNull(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: uuid().references(() => users.id),
    /** Who is handling it, shown to the resident (a committee member's name or a department). */
    handlerName: text(),
    respondedAt: timestamp({ withTimezone: true }),
    respondedBy: uuid().references(() => users.id),
    responseKind: matterResponseKind(),
    responseText: text(),
    referredDepartment: text(),
    consultationId: uuid(),
    proposalId: uuid().references(() => proposals.id),
    meTooCount: integer().notNull().default(0),
    rating: satisfaction(),
    ratedAt: timestamp({ withTimezone: true }),
    /** When the committee was reminded that the response is overdue (once per matter). */
    overdueNotifiedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("matters_community_status_idx").on(t.communityId, t.status),
    index("matters_due_idx")
      .on(t.responseDueAt)
      .where(sql`responded_at is null`),
  ],
);

/** One "me too" (我也关注) per resident per matter (primary key). */
export const matterMeToos = pgTable(
  "matter_me_toos",
  {
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.matterId, t.userId] })],
);

/** Per-area response deadline in working days; the nearest ancestor's setting applies, else the default. */
export const areaResponseSettings = pgTable("area_response_settings", {
  areaId: integer()
    .primaryKey()
    .references(() => areas.id),
  responseWorkingDays: integer().notNull(),
  updatedBy: uuid().references(() => users.id),
  updatedAt: createdAt(),
});

/**
 * Days that break the Monday–Friday rule: public holidays (isWorkday false) and the weekend days
 * worked in their place (调休, isWorkday true).
 */
export const calendarDays = pgTable("calendar_days", {
  day: date().primaryKey(),
  isWorkday: boolean().notNull(),
  name: text().notNull(),
});
