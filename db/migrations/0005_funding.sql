CREATE TYPE "public"."organisation_legal_form" AS ENUM('social_group', 'social_service_agency', 'foundation');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('draft', 'submitted', 'returned', 'withdrawn', 'eligible', 'ineligible', 'awarded', 'not_awarded');--> statement-breakpoint
CREATE TYPE "public"."award_status" AS ENUM('proposed', 'confirmed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."call_aggregation" AS ENUM('mean', 'trimmed_mean');--> statement-breakpoint
CREATE TYPE "public"."call_kind" AS ENUM('venture', 'purchase');--> statement-breakpoint
CREATE TYPE "public"."call_status" AS ENUM('draft', 'published', 'in_review', 'notice', 'awarded', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."evaluation_grade" AS ENUM('excellent', 'good', 'pass', 'fail');--> statement-breakpoint
CREATE TYPE "public"."report_milestone" AS ENUM('midterm', 'final');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('due', 'submitted', 'accepted', 'returned');--> statement-breakpoint
CREATE TYPE "public"."review_assignment_status" AS ENUM('assigned', 'declared', 'recused', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."review_recommendation" AS ENUM('fund', 'fund_with_changes', 'do_not_fund');--> statement-breakpoint
CREATE TYPE "public"."tranche_milestone" AS ENUM('signing', 'midterm', 'final');--> statement-breakpoint
CREATE TYPE "public"."tranche_status" AS ENUM('pending', 'released', 'stopped');--> statement-breakpoint
CREATE TABLE "funding_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signed_by" uuid,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "funding_agreements_awardId_unique" UNIQUE("award_id")
);
--> statement-breakpoint
CREATE TABLE "funding_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"livelihood_project_id" uuid,
	"status" "application_status" DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"beneficiaries" text DEFAULT '' NOT NULL,
	"beneficiary_count" integer DEFAULT 0 NOT NULL,
	"objectives" text DEFAULT '' NOT NULL,
	"activities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"budget_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"project_total_minor" bigint DEFAULT 0 NOT NULL,
	"self_raised_minor" bigint DEFAULT 0 NOT NULL,
	"requested_minor" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"return_reason" text,
	"rework_due_at" timestamp with time zone,
	"resubmitted_at" timestamp with time zone,
	"screened_by" uuid,
	"screened_at" timestamp with time zone,
	"screening_note" text,
	CONSTRAINT "funding_applications_money_ck" CHECK ("funding_applications"."requested_minor" >= 0 and "funding_applications"."self_raised_minor" >= 0 and "funding_applications"."project_total_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funding_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"rank" integer NOT NULL,
	"total_score" text NOT NULL,
	"deviation_note" text,
	"status" "award_status" DEFAULT 'proposed' NOT NULL,
	"proposed_by" uuid,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "funding_awards_applicationId_unique" UNIQUE("application_id"),
	CONSTRAINT "funding_awards_amount_ck" CHECK ("funding_awards"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "funding_call_areas" (
	"call_id" uuid NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "funding_call_areas_call_id_area_id_pk" PRIMARY KEY("call_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "funding_call_projects" (
	"call_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	CONSTRAINT "funding_call_projects_call_id_project_id_pk" PRIMARY KEY("call_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "funding_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "call_kind" NOT NULL,
	"area_id" integer NOT NULL,
	"title" text NOT NULL,
	"title_en" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"categories" text[] NOT NULL,
	"status" "call_status" DEFAULT 'draft' NOT NULL,
	"budget_minor" bigint NOT NULL,
	"per_project_cap_minor" bigint NOT NULL,
	"max_grant_share_percent" smallint DEFAULT 100 NOT NULL,
	"price_weight" smallint DEFAULT 0 NOT NULL,
	"aggregation" "call_aggregation" DEFAULT 'mean' NOT NULL,
	"reviewers_per_application" smallint DEFAULT 3 NOT NULL,
	"publish_at" timestamp with time zone NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"review_ends_at" timestamp with time zone NOT NULL,
	"notice_days" smallint DEFAULT 7 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"review_started_at" timestamp with time zone,
	"notice_starts_at" timestamp with time zone,
	"notice_ends_at" timestamp with time zone,
	"awarded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "funding_calls_budget_ck" CHECK ("funding_calls"."budget_minor" > 0 and "funding_calls"."per_project_cap_minor" > 0),
	CONSTRAINT "funding_calls_cap_ck" CHECK ("funding_calls"."per_project_cap_minor" <= "funding_calls"."budget_minor"),
	CONSTRAINT "funding_calls_share_ck" CHECK ("funding_calls"."max_grant_share_percent" between 1 and 100 and "funding_calls"."price_weight" between 0 and 90),
	CONSTRAINT "funding_calls_timeline_ck" CHECK ("funding_calls"."publish_at" <= "funding_calls"."opens_at" and "funding_calls"."opens_at" < "funding_calls"."closes_at" and "funding_calls"."closes_at" <= "funding_calls"."review_ends_at")
);
--> statement-breakpoint
CREATE TABLE "funding_checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"label" text NOT NULL,
	"label_en" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"max_score" smallint NOT NULL,
	"weight" smallint NOT NULL,
	CONSTRAINT "funding_criteria_ck" CHECK ("funding_criteria"."max_score" between 1 and 100 and "funding_criteria"."weight" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "funding_disbursements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "funding_disbursements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tranche_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_by" uuid,
	CONSTRAINT "funding_disbursements_trancheId_unique" UNIQUE("tranche_id")
);
--> statement-breakpoint
CREATE TABLE "funding_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"milestone" "report_milestone" NOT NULL,
	"grade" "evaluation_grade" NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"evaluated_by" uuid,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"asked_by" uuid,
	"question" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"milestone" "report_milestone" NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" "report_status" DEFAULT 'due' NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"return_reason" text
);
--> statement-breakpoint
CREATE TABLE "funding_review_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"draw_id" uuid NOT NULL,
	"status" "review_assignment_status" DEFAULT 'assigned' NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"declared_at" timestamp with time zone,
	"recused_at" timestamp with time zone,
	"recusal_reason" text,
	"recommendation" "review_recommendation",
	"comment" text,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_review_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"seed" text NOT NULL,
	"pool" uuid[] NOT NULL,
	"drawn" uuid[] NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_scores" (
	"assignment_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"score" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "funding_scores_assignment_id_criterion_id_pk" PRIMARY KEY("assignment_id","criterion_id"),
	CONSTRAINT "funding_scores_ck" CHECK ("funding_scores"."score" >= 0)
);
--> statement-breakpoint
CREATE TABLE "funding_screening_checks" (
	"application_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"passed" boolean NOT NULL,
	"reason" text,
	"checked_by" uuid,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_screening_checks_application_id_item_id_pk" PRIMARY KEY("application_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "funding_tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"milestone" "tranche_milestone" NOT NULL,
	"percent" smallint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" "tranche_status" DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"declarant_id" uuid,
	"declarant_name" text NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"not_abnormal1y" boolean NOT NULL,
	"not_serious_violation2y" boolean NOT NULL,
	"no_major_violation3y" boolean NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "organisation_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"role" "role_name" NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "organisation_invitations_role_ck" CHECK ("organisation_invitations"."role" in ('ngo_admin', 'ngo_member'))
);
--> statement-breakpoint
CREATE TABLE "organisation_service_areas" (
	"organisation_id" uuid NOT NULL,
	"area_id" integer NOT NULL,
	CONSTRAINT "organisation_service_areas_organisation_id_area_id_pk" PRIMARY KEY("organisation_id","area_id")
);
--> statement-breakpoint
CREATE TABLE "reviewer_conflicts" (
	"reviewer_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviewer_conflicts_reviewer_id_organisation_id_pk" PRIMARY KEY("reviewer_id","organisation_id")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "legal_form" "organisation_legal_form";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "registration_authority" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "funding_agreements" ADD CONSTRAINT "funding_agreements_award_id_funding_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."funding_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_agreements" ADD CONSTRAINT "funding_agreements_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_livelihood_project_id_livelihood_projects_id_fk" FOREIGN KEY ("livelihood_project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_screened_by_users_id_fk" FOREIGN KEY ("screened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_areas" ADD CONSTRAINT "funding_call_areas_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_areas" ADD CONSTRAINT "funding_call_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_projects" ADD CONSTRAINT "funding_call_projects_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_call_projects" ADD CONSTRAINT "funding_call_projects_project_id_livelihood_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."livelihood_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_checklist_items" ADD CONSTRAINT "funding_checklist_items_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_criteria" ADD CONSTRAINT "funding_criteria_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_disbursements" ADD CONSTRAINT "funding_disbursements_tranche_id_funding_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."funding_tranches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_disbursements" ADD CONSTRAINT "funding_disbursements_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_agreement_id_funding_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."funding_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_evaluations" ADD CONSTRAINT "funding_evaluations_evaluated_by_users_id_fk" FOREIGN KEY ("evaluated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_questions" ADD CONSTRAINT "funding_questions_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_questions" ADD CONSTRAINT "funding_questions_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_questions" ADD CONSTRAINT "funding_questions_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reports" ADD CONSTRAINT "funding_reports_agreement_id_funding_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."funding_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reports" ADD CONSTRAINT "funding_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reports" ADD CONSTRAINT "funding_reports_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_assignments" ADD CONSTRAINT "funding_review_assignments_draw_id_funding_review_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."funding_review_draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_draws" ADD CONSTRAINT "funding_review_draws_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_review_draws" ADD CONSTRAINT "funding_review_draws_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_scores" ADD CONSTRAINT "funding_scores_assignment_id_funding_review_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."funding_review_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_scores" ADD CONSTRAINT "funding_scores_criterion_id_funding_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."funding_criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_screening_checks" ADD CONSTRAINT "funding_screening_checks_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_screening_checks" ADD CONSTRAINT "funding_screening_checks_item_id_funding_checklist_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."funding_checklist_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_screening_checks" ADD CONSTRAINT "funding_screening_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_agreement_id_funding_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."funding_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_declarations" ADD CONSTRAINT "organisation_declarations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_declarations" ADD CONSTRAINT "organisation_declarations_declarant_id_users_id_fk" FOREIGN KEY ("declarant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_service_areas" ADD CONSTRAINT "organisation_service_areas_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_service_areas" ADD CONSTRAINT "organisation_service_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_conflicts" ADD CONSTRAINT "reviewer_conflicts_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_conflicts" ADD CONSTRAINT "reviewer_conflicts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_applications_call_idx" ON "funding_applications" USING btree ("call_id","status");--> statement-breakpoint
CREATE INDEX "funding_applications_org_idx" ON "funding_applications" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "funding_awards_call_idx" ON "funding_awards" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "funding_calls_area_idx" ON "funding_calls" USING btree ("area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_checklist_items_position_uq" ON "funding_checklist_items" USING btree ("call_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_criteria_position_uq" ON "funding_criteria" USING btree ("call_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_evaluations_milestone_uq" ON "funding_evaluations" USING btree ("agreement_id","milestone");--> statement-breakpoint
CREATE INDEX "funding_questions_call_idx" ON "funding_questions" USING btree ("call_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_reports_milestone_uq" ON "funding_reports" USING btree ("agreement_id","milestone");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_review_assignments_uq" ON "funding_review_assignments" USING btree ("application_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "funding_review_assignments_reviewer_idx" ON "funding_review_assignments" USING btree ("reviewer_id","status");--> statement-breakpoint
CREATE INDEX "funding_review_draws_application_idx" ON "funding_review_draws" USING btree ("application_id","drawn_at");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_tranches_position_uq" ON "funding_tranches" USING btree ("agreement_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_tranches_milestone_uq" ON "funding_tranches" USING btree ("agreement_id","milestone");--> statement-breakpoint
CREATE INDEX "organisation_declarations_org_idx" ON "organisation_declarations" USING btree ("organisation_id","declared_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_invitations_pending_uq" ON "organisation_invitations" USING btree ("organisation_id","identifier") WHERE accepted_at is null and cancelled_at is null;--> statement-breakpoint
CREATE INDEX "organisation_invitations_identifier_idx" ON "organisation_invitations" USING btree ("identifier");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The disbursement ledger and integrity declarations are append-only, like the audit log.
CREATE TRIGGER funding_disbursements_append_only BEFORE UPDATE OR DELETE ON funding_disbursements
  FOR EACH ROW EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER organisation_declarations_append_only BEFORE UPDATE OR DELETE ON organisation_declarations
  FOR EACH ROW EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER funding_disbursements_no_truncate BEFORE TRUNCATE ON funding_disbursements
  FOR EACH STATEMENT EXECUTE FUNCTION kapok_refuse_change();
--> statement-breakpoint
CREATE TRIGGER organisation_declarations_no_truncate BEFORE TRUNCATE ON organisation_declarations
  FOR EACH STATEMENT EXECUTE FUNCTION kapok_refuse_change();
