import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { areas } from "./areas";

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  /** Lower-cased; null once the account is deleted. */
  email: text().unique(),
  /** E.164 ("+8613800138000"); null once the account is deleted. */
  phone: text().unique(),
  displayName: text().notNull(),
  passwordHash: text(),
  locale: text(),
  largeText: boolean().notNull().default(false),
  /** Random per person; the participation pseudonym is HMAC(key, id:seed). Blanked on deletion to unlink. */
  pseudonymSeed: text(),
  createdAt: createdAt(),
  passwordChangedAt: timestamp({ withTimezone: true }),
  deletedAt: timestamp({ withTimezone: true }),
});

/** Lucia's model: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Sliding expiry never passes this. */
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Idle timeout chosen at login: short for officials and admins, long for residents. */
    idleSeconds: integer().notNull(),
    userAgent: text(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const organisationKind = pgEnum("organisation_kind", ["ngo", "government", "committee"]);
export const organisationStatus = pgEnum("organisation_status", ["pending", "verified", "rejected"]);
/** An NGO's legal form: 社会团体 / 社会服务机构 (民办非企业单位) / 基金会. */
export const organisationLegalForm = pgEnum("organisation_legal_form", [
  "social_group",
  "social_service_agency",
  "foundation",
]);

export const organisations = pgTable("organisations", {
  id: uuid().primaryKey().defaultRandom(),
  kind: organisationKind().notNull(),
  name: text().notNull(),
  nameEn: text(),
  /** Unified social credit code (GB 32100-2015), 18 characters. */
  creditCode: text().unique(),
  areaId: integer()
    .notNull()
    .references(() => areas.id),
  status: organisationStatus().notNull().default("pending"),
  createdAt: createdAt(),
  legalForm: organisationLegalForm(),
  registrationAuthority: text(),
  address: text(),
  contactName: text(),
  contactPhone: text(),
  contactEmail: text(),
  description: text().notNull().default(""),
  createdBy: uuid().references(() => users.id),
  /** The district or city official who verified or rejected it, and why when rejected. */
  decidedBy: uuid().references(() => users.id),
  decidedAt: timestamp({ withTimezone: true }),
  rejectionReason: text(),
});

export const roleName = pgEnum("role_name", [
  "resident",
  "committee_member",
  "grid_worker",
  "street_official",
  "district_official",
  "city_official",
  "ngo_admin",
  "ngo_member",
  "expert_reviewer",
  "platform_admin",
]);

/**
 * Every role is scoped: to an area (all roles) and, for NGO roles, to an organisation.
 * A verified resident is a `resident` assignment on their community.
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: roleName().notNull(),
    areaId: integer()
      .notNull()
      .references(() => areas.id),
    organisationId: uuid().references(() => organisations.id),
    /** For residents: the grid they live in, when known. */
    gridId: integer().references(() => areas.id),
    grantedBy: uuid().references(() => users.id),
    grantedAt: createdAt(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
  },
  (t) => [
    index("role_assignments_user_idx").on(t.userId),
    index("role_assignments_area_idx").on(t.areaId, t.role),
    uniqueIndex("role_assignments_active_uq")
      .on(
        t.userId,
        t.role,
        t.areaId,
        sql`coalesce(${t.organisationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      )
      .where(sql`revoked_at is null`),
    // A person is a verified resident of one community at a time.
    uniqueIndex("role_assignments_one_residence_uq")
      .on(t.userId)
      .where(sql`role = 'resident' and revoked_at is null`),
  ],
);

export const residencyStatus = pgEnum("residency_status", ["pending", "approved", "rejected", "cancelled"]);

export const residencyRequests = pgTable(
  "residency_requests",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    communityId: integer()
      .notNull()
      .references(() => areas.id),
    gridId: integer().references(() => areas.id),
    /** What the resident tells the committee (building, unit); blanked on deletion. */
    message: text(),
    status: residencyStatus().notNull().default("pending"),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionReason: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("residency_requests_queue_idx").on(t.communityId, t.status),
    uniqueIndex("residency_requests_one_pending_uq")
      .on(t.userId)
      .where(sql`status = 'pending'`),
  ],
);

/** One-time codes a committee member or grid worker hands to a resident in person. */
export const residencyInvites = pgTable("residency_invites", {
  id: uuid().primaryKey().defaultRandom(),
  codeHash: text().notNull().unique(),
  communityId: integer()
    .notNull()
    .references(() => areas.id),
  gridId: integer().references(() => areas.id),
  issuedBy: uuid()
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  redeemedBy: uuid().references(() => users.id),
  redeemedAt: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type Role = (typeof roleName.enumValues)[number];
