CREATE TYPE "public"."engagement_grain" AS ENUM('day', 'week', 'month', 'quarter', 'year');--> statement-breakpoint
CREATE TABLE "engagement_actors" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "engagement_actors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pseudonym" text NOT NULL,
	CONSTRAINT "engagement_actors_pseudonym_unique" UNIQUE("pseudonym")
);
--> statement-breakpoint
CREATE TABLE "engagement_presence" (
	"grain" "engagement_grain" NOT NULL,
	"period_start" date NOT NULL,
	"scope" text NOT NULL,
	"actor_id" integer NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "engagement_presence_grain_period_start_scope_actor_id_area_id_pk" PRIMARY KEY("grain","period_start","scope","actor_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_residents" (
	"area_id" integer PRIMARY KEY NOT NULL,
	"residents" integer NOT NULL,
	"generated" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_rollups" (
	"area_id" integer NOT NULL,
	"grain" "engagement_grain" NOT NULL,
	"period_start" date NOT NULL,
	"kind" text NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"qualified" integer DEFAULT 0 NOT NULL,
	"rating_top" integer DEFAULT 0 NOT NULL,
	"rating_mid" integer DEFAULT 0 NOT NULL,
	"rating_low" integer DEFAULT 0 NOT NULL,
	"hours_sum" double precision DEFAULT 0 NOT NULL,
	"hours_n" integer DEFAULT 0 NOT NULL,
	"hours_hist" integer[],
	"actors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "engagement_rollups_area_id_grain_period_start_kind_pk" PRIMARY KEY("area_id","grain","period_start","kind")
);
--> statement-breakpoint
CREATE TABLE "engagement_weight_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "generated_activity_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "generated_activity_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source" text NOT NULL,
	"events" bigint NOT NULL,
	"seed" integer NOT NULL,
	"days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generated_residents" (
	"area_id" integer PRIMARY KEY NOT NULL,
	"residents" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollup_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"events_processed" bigint DEFAULT 0 NOT NULL,
	"residents_fingerprint" text,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "engagement_weight_versions" ADD CONSTRAINT "engagement_weight_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;