import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { areas } from "./areas";
import { users } from "./accounts";

export const participationChannel = pgEnum("participation_channel", ["web", "assisted", "paper", "meeting"]);

/**
 * Append-only (triggers refuse UPDATE, DELETE and TRUNCATE). The actor is a pseudonym, never a user id,
 * so erasing a person unlinks them without changing a single count.
 */
export const participationEvents = pgTable(
  "participation_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    kind: text().notNull(),
    actorPseudonym: text().notNull(),
    /** The community or grid where it happened. */
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    channel: participationChannel().notNull().default("web"),
    meta: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("participation_events_area_time_idx").on(t.areaId, t.occurredAt),
    index("participation_events_subject_idx").on(t.subjectType, t.subjectId),
  ],
);

/** Append-only record of every privileged act. */
export const auditEntries = pgTable(
  "audit_entries",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid().references(() => users.id),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    areaId: integer().references(() => areas.id),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    reason: text(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [
    index("audit_entries_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_entries_actor_idx").on(t.actorUserId),
  ],
);
