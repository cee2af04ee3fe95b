CREATE TYPE "public"."comment_stance" AS ENUM('support', 'oppose', 'neutral');--> statement-breakpoint
CREATE TYPE "public"."counting_rule" AS ENUM('greedy', 'greedy-no-skip', 'equal-shares');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('implementing', 'accepted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."project_track" AS ENUM('not_started', 'on_track', 'delayed', 'done');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('draft', 'collecting', 'withdrawn', 'expired', 'screening', 'eligible', 'ineligible', 'merged', 'selected', 'not_selected');--> statement-breakpoint
CREATE TYPE "public"."proposal_type" AS ENUM('service', 'goods', 'works');--> statement-breakpoint
CREATE TYPE "public"."responsible_kind" AS ENUM('committee', 'department', 'organisation');--> statement-breakpoint
CREATE TYPE "public"."satisfaction" AS ENUM('satisfied', 'basically_satisfied', 'dissatisfied');--> statement-breakpoint
CREATE TYPE "public"."scheme_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."screening_reason" AS ENUM('excluded_category', 'over_cap', 'out_of_area', 'duplicate', 'not_feasible', 'other');--> statement-breakpoint
CREATE TYPE "public"."voting_method" AS ENUM('budget', 'approval', 'yes_no', 'council');--> statement-breakpoint
CREATE TYPE "public"."objection_answer" AS ENUM('upheld', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."ballot_channel" AS ENUM('web', 'paper', 'assisted');--> statement-breakpoint
CREATE TABLE "comment_reports" (
	"comment_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comment_reports_comment_id_reporter_id_pk" PRIMARY KEY("comment_id","reporter_id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"area_id" integer NOT NULL,
	"parent_id" uuid,
	"author_id" uuid,
	"body" text NOT NULL,
	"stance" "comment_stance" DEFAULT 'neutral' NOT NULL,
	"official" boolean DEFAULT false NOT NULL,
	"report_count" integer DEFAULT 0 NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "livelihood_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"scheme_id" uuid NOT NULL,
	"area_id" integer NOT NULL,
	"status" "project_status" DEFAULT 'implementing' NOT NULL,
	"track" "project_track" DEFAULT 'not_started' NOT NULL,
	"progress_percent" smallint DEFAULT 0 NOT NULL,
	"responsible_kind" "responsible_kind",
	"responsible_name" text,
	"responsible_organisation_id" uuid,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"acceptance_note" text,
	"evaluation_closes_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "livelihood_projects_proposalId_unique" UNIQUE("proposal_id")
);
--> statement-breakpoint
CREATE TABLE "livelihood_schemes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "scheme_status" DEFAULT 'draft' NOT NULL,
	"budget_minor" bigint NOT NULL,
	"cap_service_minor" bigint,
	"cap_goods_minor" bigint,
	"cap_works_minor" bigint,
	"categories" text[] NOT NULL,
	"exclusions" text DEFAULT '' NOT NULL,
	"support_threshold" integer NOT NULL,
	"support_window_days" integer NOT NULL,
	"max_proposals_per_resident" integer DEFAULT 3 NOT NULL,
	"collection_opens_at" timestamp with time zone NOT NULL,
	"collection_closes_at" timestamp with time zone NOT NULL,
	"voting_opens_at" timestamp with time zone NOT NULL,
	"voting_closes_at" timestamp with time zone NOT NULL,
	"notice_days" integer DEFAULT 7 NOT NULL,
	"voting_method" "voting_method" DEFAULT 'budget' NOT NULL,
	"counting_rule" "counting_rule" DEFAULT 'greedy' NOT NULL,
	"max_choices" integer,
	"council_size" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"results_published_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "livelihood_schemes_budget_ck" CHECK ("livelihood_schemes"."budget_minor" > 0),
	CONSTRAINT "livelihood_schemes_timeline_ck" CHECK ("livelihood_schemes"."collection_opens_at" < "livelihood_schemes"."collection_closes_at" and "livelihood_schemes"."collection_closes_at" <= "livelihood_schemes"."voting_opens_at" and "livelihood_schemes"."voting_opens_at" < "livelihood_schemes"."voting_closes_at")
);
--> statement-breakpoint
CREATE TABLE "project_evaluations" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"rating" "satisfaction" NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_evaluations_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"author_id" uuid,
	"author_label" text,
	"body" text NOT NULL,
	"progress_percent" smallint NOT NULL,
	"track" "project_track" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_coproposers" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_coproposers_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "proposal_supports" (
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_supports_proposal_id_user_id_pk" PRIMARY KEY("proposal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scheme_id" uuid NOT NULL,
	"author_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text NOT NULL,
	"type" "proposal_type" NOT NULL,
	"estimated_cost_minor" bigint NOT NULL,
	"revised_cost_minor" bigint,
	"cost_note" text,
	"community_id" integer NOT NULL,
	"grid_id" integer,
	"address" text DEFAULT '' NOT NULL,
	"status" "proposal_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"support_deadline" timestamp with time zone,
	"screening_reason" "screening_reason",
	"merged_into_id" uuid,
	"official_response" text,
	"responded_by" uuid,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_cost_ck" CHECK ("proposals"."estimated_cost_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "timeline_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "timeline_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_user_id" uuid,
	"official" boolean DEFAULT false NOT NULL,
	"note" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"area_id" integer NOT NULL,
	"author_id" uuid,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" "objection_answer",
	"answer_text" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "follows" (
	"user_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_user_id_subject_type_subject_id_pk" PRIMARY KEY("user_id","subject_type","subject_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"href" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_storageKey_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "ballot_voters" (
	"scheme_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"channel" "ballot_channel" DEFAULT 'web' NOT NULL,
	"first_cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone,
	CONSTRAINT "ballot_voters_scheme_id_user_id_pk" PRIMARY KEY("scheme_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scheme_id" uuid NOT NULL,
	"voter_token" text NOT NULL,
	"receipt_hash" text NOT NULL,
	"choices" jsonb NOT NULL,
	"channel" "ballot_channel" DEFAULT 'web' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_votes" (
	"scheme_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"members" integer NOT NULL,
	"present" integer NOT NULL,
	"yes" integer NOT NULL,
	"no" integer NOT NULL,
	"abstain" integer NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_votes_scheme_id_proposal_id_pk" PRIMARY KEY("scheme_id","proposal_id"),
	CONSTRAINT "council_votes_counts_ck" CHECK ("council_votes"."present" <= "council_votes"."members" and "council_votes"."yes" + "council_votes"."no" + "council_votes"."abstain" <= "council_votes"."present" and least("council_votes"."yes", "council_votes"."no", "council_votes"."abstain") >= 0)
);
--> statement-breakpoint
CREATE TABLE "vote_results" (
	"scheme_id" uuid PRIMARY KEY NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rule" text NOT NULL,
	"ballot_count" integer NOT NULL,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_reports" ADD CONSTRAINT "comment_reports_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_responsible_organisation_id_organisations_id_fk" FOREIGN KEY ("responsible_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_projects" ADD CONSTRAINT "livelihood_projects_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_schemes" ADD CONSTRAINT "livelihood_schemes_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livelihood_schemes" ADD CONSTRAINT "livelihood_schemes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_evaluations" ADD CONSTRAINT "project_evaluations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_coproposers" ADD CONSTRAINT "proposal_coproposers_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_coproposers" ADD CONSTRAINT "proposal_coproposers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_community_id_areas_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_grid_id_areas_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_voters" ADD CONSTRAINT "ballot_voters_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_voters" ADD CONSTRAINT "ballot_voters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_votes" ADD CONSTRAINT "council_votes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_results" ADD CONSTRAINT "vote_results_scheme_id_livelihood_schemes_id_fk" FOREIGN KEY ("scheme_id") REFERENCES "public"."livelihood_schemes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_subject_idx" ON "comments" USING btree ("subject_type","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_area_reported_idx" ON "comments" USING btree ("area_id","report_count");--> statement-breakpoint
CREATE INDEX "livelihood_projects_scheme_idx" ON "livelihood_projects" USING btree ("scheme_id");--> statement-breakpoint
CREATE INDEX "livelihood_schemes_area_idx" ON "livelihood_schemes" USING btree ("area_id");--> statement-breakpoint
CREATE INDEX "project_milestones_project_idx" ON "project_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_updates_project_idx" ON "project_updates" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "proposal_supports_user_idx" ON "proposal_supports" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "proposals_scheme_status_idx" ON "proposals" USING btree ("scheme_id","status");--> statement-breakpoint
CREATE INDEX "proposals_author_idx" ON "proposals" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "timeline_entries_subject_idx" ON "timeline_entries" USING btree ("subject_type","subject_id","occurred_at");--> statement-breakpoint
CREATE INDEX "objections_subject_idx" ON "objections" USING btree ("subject_type","subject_id","created_at");--> statement-breakpoint
CREATE INDEX "follows_subject_idx" ON "follows" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_subject_idx" ON "attachments" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_scheme_voter_uq" ON "ballots" USING btree ("scheme_id","voter_token");--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_receipt_uq" ON "ballots" USING btree ("receipt_hash");--> statement-breakpoint
CREATE INDEX "vote_results_counted_idx" ON "vote_results" USING btree ("counted_at");