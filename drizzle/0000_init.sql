CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."attachment_record_type" AS ENUM('PARTNER', 'OPPORTUNITY', 'TASK', 'EMAIL', 'DOCUMENT');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('ADMIN', 'MANAGER', 'AGENT');--> statement-breakpoint
CREATE TYPE "public"."token_kind" AS ENUM('SESSION', 'API');--> statement-breakpoint
CREATE TYPE "public"."message_kind" AS ENUM('TASK_REMINDER', 'FOLLOW_UP_TASK', 'TASK_LAUNCH');--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('NEW', 'PRESENTATION', 'OFFER', 'NEGOTIATION', 'SALE', 'LOST');--> statement-breakpoint
CREATE TYPE "public"."reminder_channel" AS ENUM('EMAIL', 'MESSAGE', 'BOTH');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('PENDING', 'SENT', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('OPEN', 'IN_PROGRESS', 'RESOLVED');--> statement-breakpoint
CREATE TYPE "public"."imap_security" AS ENUM('NONE', 'STARTTLS', 'TLS');--> statement-breakpoint
CREATE TYPE "public"."email_classification" AS ENUM('NORMAL', 'CALENDAR_INVITE', 'AUTO_REPLY', 'BOUNCE');--> statement-breakpoint
CREATE TYPE "public"."email_direction" AS ENUM('INCOMING', 'OUTGOING');--> statement-breakpoint
CREATE TYPE "public"."email_source_kind" AS ENUM('FILE', 'IMAP');--> statement-breakpoint
CREATE TYPE "public"."mail_import_file_status" AS ENUM('PROCESSING', 'DONE', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."email_import_status" AS ENUM('IMPORTED', 'DUPLICATE', 'UNMATCHED', 'AMBIGUOUS', 'BOUNCE', 'AUTO_REPLY', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."email_review_status" AS ENUM('OPEN', 'ASSIGNED', 'DISMISSED');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('QUEUED', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."smtp_security" AS ENUM('NONE', 'STARTTLS', 'TLS');--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_id" uuid NOT NULL,
	"record_type" "attachment_record_type" NOT NULL,
	"record_id" uuid NOT NULL,
	"dossier_id" uuid,
	"attached_by_id" uuid,
	"attached_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "files_sha256_hex" CHECK ("files"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "files_size_not_negative" CHECK ("files"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "token_kind" NOT NULL,
	"name" text,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" DEFAULT 'AGENT' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "campaign_targets" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_targets_campaign_id_partner_id_pk" PRIMARY KEY("campaign_id","partner_id"),
	CONSTRAINT "campaign_targets_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"objective" text,
	"segment" text,
	"estimated_cost" numeric(18, 2) DEFAULT '0' NOT NULL,
	"estimated_revenue" numeric(18, 2) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_period_order" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on"),
	CONSTRAINT "campaigns_estimated_cost_not_negative" CHECK ("campaigns"."estimated_cost" >= 0),
	CONSTRAINT "campaigns_estimated_revenue_not_negative" CHECK ("campaigns"."estimated_revenue" >= 0)
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"department" text,
	"hours_per_day" numeric(4, 2) DEFAULT '8' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "employees_userId_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"stage_id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid,
	"email_id" uuid,
	"follow_up_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_name" text NOT NULL,
	"data" jsonb NOT NULL,
	"run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "messages_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" uuid NOT NULL,
	"kind" "message_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"related_type" text,
	"related_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "loss_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loss_reasons_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"campaign_id" uuid,
	"owner_id" uuid,
	"value" numeric(18, 2) DEFAULT '0' NOT NULL,
	"probability" integer DEFAULT 0 NOT NULL,
	"expected_sign_on" date,
	"stage" "stage" DEFAULT 'NEW' NOT NULL,
	"potential" numeric(5, 2) DEFAULT '0' NOT NULL,
	"weighted_value" numeric(18, 2) GENERATED ALWAYS AS (round(value * potential / 100, 2)) STORED NOT NULL,
	"loss_reason_id" uuid,
	"winning_competitor" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunities_probability_range" CHECK ("opportunities"."probability" between 0 and 100),
	CONSTRAINT "opportunities_value_not_negative" CHECK ("opportunities"."value" >= 0),
	CONSTRAINT "opportunities_potential_range" CHECK ("opportunities"."potential" between 0 and 100),
	CONSTRAINT "opportunities_lost_has_reason" CHECK ("opportunities"."stage" <> 'LOST' or "opportunities"."loss_reason_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "opportunity_stage_potentials" (
	"opportunity_id" uuid NOT NULL,
	"stage" "stage" NOT NULL,
	"potential" numeric(5, 2) NOT NULL,
	CONSTRAINT "opportunity_stage_potentials_opportunity_id_stage_pk" PRIMARY KEY("opportunity_id","stage"),
	CONSTRAINT "opportunity_stage_potentials_range" CHECK ("opportunity_stage_potentials"."potential" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "opportunity_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"stage" "stage" NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delegate_id" uuid,
	"notes" text,
	"follow_up_at" timestamp with time zone,
	"created_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "stage_potentials" (
	"stage" "stage" PRIMARY KEY NOT NULL,
	"potential" numeric(5, 2) NOT NULL,
	CONSTRAINT "stage_potentials_range" CHECK ("stage_potentials"."potential" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"search_name" text NOT NULL,
	"tax_id" text,
	"vat_payer" boolean DEFAULT false NOT NULL,
	"trade_register_number" text,
	"locality" text,
	"search_locality" text,
	"county" text,
	"turnover" numeric(18, 2),
	"employee_count" integer,
	"activity_domain" text,
	"sales_rep_id" uuid,
	"service_rep_id" uuid,
	"competitors" text[] DEFAULT '{}'::text[] NOT NULL,
	"activities_of_interest" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"is_lead" boolean DEFAULT false NOT NULL,
	"lead_campaign_id" uuid,
	"customer_since" timestamp with time zone,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_externalId_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "site_emails" (
	"site_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"email" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "site_emails_site_id_email_pk" PRIMARY KEY("site_id","email")
);
--> statement-breakpoint
CREATE TABLE "partner_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"locality" text,
	"county" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"channel" "reminder_channel" NOT NULL,
	"deadline" timestamp (3) with time zone NOT NULL,
	"reminder_id" uuid NOT NULL,
	"late" boolean NOT NULL,
	"message_id" uuid,
	"email_id" uuid,
	"delivered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_deliveries_key" UNIQUE("task_id","rule_id","channel","deadline"),
	CONSTRAINT "reminder_deliveries_one_channel" CHECK ("reminder_deliveries"."channel" <> 'BOTH')
);
--> statement-breakpoint
CREATE TABLE "task_reminder_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"channel" "reminder_channel" NOT NULL,
	"days_before" integer NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_reminder_rules_task_channel_days_key" UNIQUE("task_id","channel","days_before"),
	CONSTRAINT "task_reminder_rules_days_range" CHECK ("task_reminder_rules"."days_before" between 0 and 30)
);
--> statement-breakpoint
CREATE TABLE "task_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"channel" "reminder_channel" NOT NULL,
	"deadline" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"scheduled_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"late" boolean NOT NULL,
	"status" "reminder_status" DEFAULT 'PENDING' NOT NULL,
	"skip_reason" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "task_reminders_key" UNIQUE("task_id","rule_id","channel","deadline"),
	CONSTRAINT "task_reminders_one_channel" CHECK ("task_reminders"."channel" <> 'BOTH')
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"message_reminders_enabled" boolean DEFAULT true NOT NULL,
	"email_reminders_enabled" boolean DEFAULT true NOT NULL,
	"default_reminder_days_before" integer DEFAULT 1 NOT NULL,
	"new_task_refresh_minutes" integer DEFAULT 5 NOT NULL,
	"time_zone" text DEFAULT 'Europe/Bucharest' NOT NULL,
	"mail_import_folder" text,
	"mail_import_format" text DEFAULT 'AUTO' NOT NULL,
	"own_email_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "settings_single_row" CHECK ("settings"."id" = 1),
	CONSTRAINT "settings_days_before_range" CHECK ("settings"."default_reminder_days_before" between 0 and 30),
	CONSTRAINT "settings_refresh_range" CHECK ("settings"."new_task_refresh_minutes" between 0 and 1440),
	CONSTRAINT "settings_mail_import_format" CHECK ("settings"."mail_import_format" in ('AUTO', 'EML', 'MBOX', 'OUTLOOK_TEXT', 'THUNDERBIRD_TEXT'))
);
--> statement-breakpoint
CREATE TABLE "task_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"beneficiary_id" uuid,
	"responsible_id" uuid,
	"creator_id" uuid,
	"deadline" timestamp (3) with time zone,
	"planned_start" timestamp with time zone,
	"estimated_hours" numeric(6, 2),
	"registered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"status" "task_status" DEFAULT 'OPEN' NOT NULL,
	"billable" boolean DEFAULT false NOT NULL,
	"invoiced" boolean DEFAULT false NOT NULL,
	"source_opportunity_id" uuid,
	"source_stage_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_sourceStageId_unique" UNIQUE("source_stage_id"),
	CONSTRAINT "tasks_estimated_hours_not_negative" CHECK ("tasks"."estimated_hours" >= 0),
	CONSTRAINT "tasks_deadline_after_planned_start" CHECK ("tasks"."deadline" >= "tasks"."planned_start"),
	CONSTRAINT "tasks_resolved_at_matches_status" CHECK (("tasks"."status" = 'RESOLVED') = ("tasks"."resolved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "imap_folder_states" (
	"mailbox_id" uuid NOT NULL,
	"folder" text NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"previous_uid_validity" bigint,
	"uid_validity_changed_at" timestamp with time zone,
	"last_sync_started_at" timestamp with time zone,
	"sync_lease_until" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"last_run_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imap_folder_states_mailbox_id_folder_pk" PRIMARY KEY("mailbox_id","folder")
);
--> statement-breakpoint
CREATE TABLE "imap_mailboxes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" "imap_security" NOT NULL,
	"username" text NOT NULL,
	"password_encrypted" text NOT NULL,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imap_mailboxes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "email_review_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email_id" uuid NOT NULL,
	"status" "email_review_status" DEFAULT 'OPEN' NOT NULL,
	"reason" "email_import_status" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"note" text,
	CONSTRAINT "email_review_items_emailId_unique" UNIQUE("email_id")
);
--> statement-breakpoint
CREATE TABLE "imported_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "email_import_status" NOT NULL,
	"message_id" text,
	"dedupe_key" text,
	"fingerprint" text,
	"direction" "email_direction",
	"from_address" text,
	"from_name" text,
	"to_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cc_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reply_to_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"sent_at" timestamp with time zone,
	"date_source" text,
	"body_excerpt" text DEFAULT '' NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"classification" "email_classification",
	"classification_reason" text,
	"partner_id" uuid,
	"site_id" uuid,
	"matched_via" text,
	"match_detail" text,
	"match_candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"task_id" uuid,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"thread_root_id" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"calendar" jsonb,
	"bounce" jsonb,
	"warnings" text[] DEFAULT '{}'::text[] NOT NULL,
	"duplicate_of_id" uuid,
	"source_kind" "email_source_kind" NOT NULL,
	"source_key" text NOT NULL,
	"source_path" text,
	"source_index" integer,
	"mailbox_id" uuid,
	"folder" text,
	"uid_validity" bigint,
	"uid" bigint,
	"failure_code" text,
	"failure_reason" text,
	"imported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_emails_sourceKey_unique" UNIQUE("source_key")
);
--> statement-breakpoint
CREATE TABLE "mail_import_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"folder" text NOT NULL,
	"status" "mail_import_file_status" DEFAULT 'PROCESSING' NOT NULL,
	"claimed_until" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"moved_to" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mail_import_folder_states" (
	"folder" text PRIMARY KEY NOT NULL,
	"last_scan_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"pending_files" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_quarantine" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email_id" uuid NOT NULL,
	"code" text NOT NULL,
	"reason" text NOT NULL,
	"raw_file_id" uuid,
	"raw_size" integer,
	"raw_sha256" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_quarantine_emailId_unique" UNIQUE("email_id")
);
--> statement-breakpoint
CREATE TABLE "email_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"sender_user_id" uuid,
	"smtp_server_id" uuid,
	"from_address" text NOT NULL,
	"to_addresses" text[] NOT NULL,
	"cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"body_html" text,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"related_type" text,
	"related_id" uuid,
	"status" "email_status" DEFAULT 'QUEUED' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_answer" text,
	"last_response_code" integer,
	"queued_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "email_log_messageId_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "smtp_servers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" "smtp_security" NOT NULL,
	"sender_address" text NOT NULL,
	"username" text,
	"password_encrypted" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "smtp_servers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_mailboxes" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"smtp_server_id" uuid NOT NULL,
	"email_address" text NOT NULL,
	"username" text NOT NULL,
	"password_encrypted" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_dossier_id_dossiers_id_fk" FOREIGN KEY ("dossier_id") REFERENCES "public"."dossiers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_attached_by_id_users_id_fk" FOREIGN KEY ("attached_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossiers" ADD CONSTRAINT "dossiers_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_stage_id_opportunity_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."opportunity_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_email_id_email_log_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."email_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_owner_id_employees_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_loss_reason_id_loss_reasons_id_fk" FOREIGN KEY ("loss_reason_id") REFERENCES "public"."loss_reasons"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stage_potentials" ADD CONSTRAINT "opportunity_stage_potentials_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stages" ADD CONSTRAINT "opportunity_stages_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stages" ADD CONSTRAINT "opportunity_stages_delegate_id_employees_id_fk" FOREIGN KEY ("delegate_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_stages" ADD CONSTRAINT "opportunity_stages_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_sales_rep_id_employees_id_fk" FOREIGN KEY ("sales_rep_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_service_rep_id_employees_id_fk" FOREIGN KEY ("service_rep_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_emails" ADD CONSTRAINT "site_emails_site_id_partner_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."partner_sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_emails" ADD CONSTRAINT "site_emails_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_sites" ADD CONSTRAINT "partner_sites_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_rule_id_task_reminder_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."task_reminder_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_reminder_id_task_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."task_reminders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_email_id_email_log_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."email_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminder_rules" ADD CONSTRAINT "task_reminder_rules_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminder_rules" ADD CONSTRAINT "task_reminder_rules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_rule_id_task_reminder_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."task_reminder_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_responses" ADD CONSTRAINT "task_responses_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_responses" ADD CONSTRAINT "task_responses_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_beneficiary_id_partners_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."partners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_responsible_id_employees_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."employees"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_opportunity_id_opportunities_id_fk" FOREIGN KEY ("source_opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_stage_id_opportunity_stages_id_fk" FOREIGN KEY ("source_stage_id") REFERENCES "public"."opportunity_stages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imap_folder_states" ADD CONSTRAINT "imap_folder_states_mailbox_id_imap_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."imap_mailboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_review_items" ADD CONSTRAINT "email_review_items_email_id_imported_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."imported_emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_review_items" ADD CONSTRAINT "email_review_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_emails" ADD CONSTRAINT "imported_emails_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_emails" ADD CONSTRAINT "imported_emails_site_id_partner_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."partner_sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_emails" ADD CONSTRAINT "imported_emails_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_emails" ADD CONSTRAINT "imported_emails_duplicate_of_id_imported_emails_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."imported_emails"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_emails" ADD CONSTRAINT "imported_emails_mailbox_id_imap_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "public"."imap_mailboxes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_quarantine" ADD CONSTRAINT "mail_quarantine_email_id_imported_emails_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."imported_emails"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_quarantine" ADD CONSTRAINT "mail_quarantine_raw_file_id_files_id_fk" FOREIGN KEY ("raw_file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_log" ADD CONSTRAINT "email_log_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_log" ADD CONSTRAINT "email_log_smtp_server_id_smtp_servers_id_fk" FOREIGN KEY ("smtp_server_id") REFERENCES "public"."smtp_servers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_mailboxes" ADD CONSTRAINT "user_mailboxes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_mailboxes" ADD CONSTRAINT "user_mailboxes_smtp_server_id_smtp_servers_id_fk" FOREIGN KEY ("smtp_server_id") REFERENCES "public"."smtp_servers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_file_record_idx" ON "attachments" USING btree ("file_id","record_type","record_id");--> statement-breakpoint
CREATE INDEX "attachments_record_idx" ON "attachments" USING btree ("record_type","record_id","attached_at","id");--> statement-breakpoint
CREATE INDEX "attachments_dossier_idx" ON "attachments" USING btree ("dossier_id","attached_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_name_lower_idx" ON "dossiers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "dossiers_name_idx" ON "dossiers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "files_sha256_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "login_failures_email_idx" ON "login_failures" USING btree ("email","failed_at");--> statement-breakpoint
CREATE INDEX "tokens_user_idx" ON "tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "campaign_targets_partner_idx" ON "campaign_targets" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "campaign_targets_added_idx" ON "campaign_targets" USING btree ("campaign_id","added_at","id");--> statement-breakpoint
CREATE INDEX "campaigns_starts_on_idx" ON "campaigns" USING btree ("starts_on","id");--> statement-breakpoint
CREATE INDEX "campaigns_name_idx" ON "campaigns" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "employees_name_idx" ON "employees" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "employees_department_idx" ON "employees" USING btree ("department") WHERE department is not null;--> statement-breakpoint
CREATE INDEX "job_outbox_pending_idx" ON "job_outbox" USING btree ("id") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "job_outbox_sent_at_idx" ON "job_outbox" USING btree ("sent_at") WHERE sent_at is not null;--> statement-breakpoint
CREATE INDEX "messages_user_position_idx" ON "messages" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "messages_user_unread_idx" ON "messages" USING btree ("user_id","position") WHERE read_at is null;--> statement-breakpoint
CREATE INDEX "opportunities_partner_idx" ON "opportunities" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_campaign_idx" ON "opportunities" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "opportunities_owner_idx" ON "opportunities" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "opportunities_stage_idx" ON "opportunities" USING btree ("stage","expected_sign_on");--> statement-breakpoint
CREATE INDEX "opportunities_expected_sign_on_idx" ON "opportunities" USING btree ("expected_sign_on","id");--> statement-breakpoint
CREATE INDEX "opportunities_created_at_idx" ON "opportunities" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_value_idx" ON "opportunities" USING btree ("value","id");--> statement-breakpoint
CREATE INDEX "opportunities_weighted_value_idx" ON "opportunities" USING btree ("weighted_value","id");--> statement-breakpoint
CREATE INDEX "opportunity_stages_opportunity_idx" ON "opportunity_stages" USING btree ("opportunity_id","entered_at","id");--> statement-breakpoint
CREATE INDEX "opportunity_stages_follow_up_idx" ON "opportunity_stages" USING btree ("follow_up_at") WHERE follow_up_at is not null;--> statement-breakpoint
CREATE INDEX "contacts_partner_idx" ON "contacts" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partners_name_idx" ON "partners" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "partners_search_name_trgm_idx" ON "partners" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "partners_tax_id_idx" ON "partners" USING btree ("tax_id");--> statement-breakpoint
CREATE INDEX "partners_tax_id_prefix_idx" ON "partners" USING btree ("tax_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "partners_locality_idx" ON "partners" USING btree ("locality");--> statement-breakpoint
CREATE INDEX "partners_search_locality_idx" ON "partners" USING btree ("search_locality");--> statement-breakpoint
CREATE INDEX "partners_county_idx" ON "partners" USING btree ("county");--> statement-breakpoint
CREATE INDEX "partners_turnover_idx" ON "partners" USING btree ("turnover","id");--> statement-breakpoint
CREATE INDEX "partners_employee_count_idx" ON "partners" USING btree ("employee_count","id");--> statement-breakpoint
CREATE INDEX "partners_turnover_sort_idx" ON "partners" USING btree (coalesce("turnover", -1),"id");--> statement-breakpoint
CREATE INDEX "partners_employee_count_sort_idx" ON "partners" USING btree (coalesce("employee_count", -1),"id");--> statement-breakpoint
CREATE INDEX "partners_activity_domain_idx" ON "partners" USING btree ("activity_domain");--> statement-breakpoint
CREATE INDEX "partners_activity_domain_lower_idx" ON "partners" USING btree (lower("activity_domain"));--> statement-breakpoint
CREATE INDEX "partners_sales_rep_idx" ON "partners" USING btree ("sales_rep_id");--> statement-breakpoint
CREATE INDEX "partners_service_rep_idx" ON "partners" USING btree ("service_rep_id");--> statement-breakpoint
CREATE INDEX "partners_is_lead_idx" ON "partners" USING btree ("is_lead","name","id");--> statement-breakpoint
CREATE INDEX "partners_created_at_idx" ON "partners" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "site_emails_email_idx" ON "site_emails" USING btree ("email");--> statement-breakpoint
CREATE INDEX "site_emails_partner_idx" ON "site_emails" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "partner_sites_partner_idx" ON "partner_sites" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "reminder_deliveries_reminder_idx" ON "reminder_deliveries" USING btree ("reminder_id");--> statement-breakpoint
CREATE INDEX "task_reminders_pending_idx" ON "task_reminders" USING btree ("due_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "task_reminders_rule_idx" ON "task_reminders" USING btree ("rule_id","due_at");--> statement-breakpoint
CREATE INDEX "task_responses_task_idx" ON "task_responses" USING btree ("task_id","created_at","id");--> statement-breakpoint
CREATE INDEX "task_responses_created_at_idx" ON "task_responses" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_beneficiary_idx" ON "tasks" USING btree ("beneficiary_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_responsible_idx" ON "tasks" USING btree ("responsible_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_creator_idx" ON "tasks" USING btree ("creator_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_status_deadline_idx" ON "tasks" USING btree ("status",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_deadline_idx" ON "tasks" USING btree (coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_registered_at_idx" ON "tasks" USING btree ("registered_at","id");--> statement-breakpoint
CREATE INDEX "tasks_responsible_registered_at_idx" ON "tasks" USING btree ("responsible_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "tasks_creator_registered_at_idx" ON "tasks" USING btree ("creator_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "tasks_beneficiary_registered_at_idx" ON "tasks" USING btree ("beneficiary_id","registered_at");--> statement-breakpoint
CREATE INDEX "tasks_beneficiary_resolved_at_idx" ON "tasks" USING btree ("beneficiary_id","resolved_at") WHERE resolved_at is not null;--> statement-breakpoint
CREATE INDEX "tasks_source_opportunity_idx" ON "tasks" USING btree ("source_opportunity_id");--> statement-breakpoint
CREATE INDEX "email_review_items_status_idx" ON "email_review_items" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "imported_emails_dedupe_key_idx" ON "imported_emails" USING btree ("dedupe_key") WHERE status <> 'DUPLICATE' and dedupe_key is not null;--> statement-breakpoint
CREATE INDEX "imported_emails_message_id_idx" ON "imported_emails" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "imported_emails_imported_at_idx" ON "imported_emails" USING btree ("imported_at","id");--> statement-breakpoint
CREATE INDEX "imported_emails_status_idx" ON "imported_emails" USING btree ("status","imported_at","id");--> statement-breakpoint
CREATE INDEX "imported_emails_partner_idx" ON "imported_emails" USING btree ("partner_id","imported_at","id");--> statement-breakpoint
CREATE INDEX "imported_emails_task_idx" ON "imported_emails" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "imported_emails_mailbox_idx" ON "imported_emails" USING btree ("mailbox_id","folder","status");--> statement-breakpoint
CREATE INDEX "mail_import_files_folder_idx" ON "mail_import_files" USING btree ("folder","created_at");--> statement-breakpoint
CREATE INDEX "mail_quarantine_created_at_idx" ON "mail_quarantine" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "email_log_queued_idx" ON "email_log" USING btree ("queued_at","id");--> statement-breakpoint
CREATE INDEX "email_log_status_idx" ON "email_log" USING btree ("status","queued_at","id");--> statement-breakpoint
CREATE INDEX "email_log_related_idx" ON "email_log" USING btree ("related_type","related_id","queued_at");--> statement-breakpoint
CREATE INDEX "email_log_stale_idx" ON "email_log" USING btree ("next_attempt_at") WHERE status = 'QUEUED';--> statement-breakpoint
CREATE UNIQUE INDEX "smtp_servers_one_default_idx" ON "smtp_servers" USING btree ("is_default") WHERE is_default;