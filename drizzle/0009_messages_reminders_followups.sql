CREATE TYPE "public"."message_kind" AS ENUM('TASK_REMINDER', 'FOLLOW_UP_TASK', 'TASK_LAUNCH');--> statement-breakpoint
CREATE TYPE "public"."reminder_channel" AS ENUM('EMAIL', 'MESSAGE', 'BOTH');--> statement-breakpoint
CREATE TYPE "public"."reminder_status" AS ENUM('PENDING', 'SENT', 'SKIPPED');--> statement-breakpoint
CREATE TYPE "public"."imap_security" AS ENUM('NONE', 'STARTTLS', 'TLS');--> statement-breakpoint
CREATE TYPE "public"."email_classification" AS ENUM('NORMAL', 'CALENDAR_INVITE', 'AUTO_REPLY', 'BOUNCE');--> statement-breakpoint
CREATE TYPE "public"."email_direction" AS ENUM('INCOMING', 'OUTGOING');--> statement-breakpoint
CREATE TYPE "public"."email_source_kind" AS ENUM('FILE', 'IMAP');--> statement-breakpoint
CREATE TYPE "public"."mail_import_file_status" AS ENUM('PROCESSING', 'DONE', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."email_import_status" AS ENUM('IMPORTED', 'DUPLICATE', 'UNMATCHED', 'AMBIGUOUS', 'BOUNCE', 'AUTO_REPLY', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."email_review_status" AS ENUM('OPEN', 'ASSIGNED', 'DISMISSED');--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"stage_id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid,
	"email_id" uuid,
	"follow_up_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "message_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"related_type" text,
	"related_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
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
CREATE TABLE "imap_folder_states" (
	"mailbox_id" uuid NOT NULL,
	"folder" text NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"previous_uid_validity" bigint,
	"uid_validity_changed_at" timestamp with time zone,
	"last_sync_started_at" timestamp with time zone,
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
ALTER TABLE "settings" ADD COLUMN "mail_import_folder" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "mail_import_format" text DEFAULT 'AUTO' NOT NULL;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "own_email_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_stage_id_opportunity_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."opportunity_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_email_id_email_log_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."email_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_rule_id_task_reminder_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."task_reminder_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_reminder_id_task_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."task_reminders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_email_id_email_log_id_fk" FOREIGN KEY ("email_id") REFERENCES "public"."email_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminder_rules" ADD CONSTRAINT "task_reminder_rules_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminder_rules" ADD CONSTRAINT "task_reminder_rules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reminders" ADD CONSTRAINT "task_reminders_rule_id_task_reminder_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."task_reminder_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
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
CREATE INDEX "messages_user_idx" ON "messages" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_user_unread_idx" ON "messages" USING btree ("user_id","created_at","id") WHERE read_at is null;--> statement-breakpoint
CREATE INDEX "reminder_deliveries_reminder_idx" ON "reminder_deliveries" USING btree ("reminder_id");--> statement-breakpoint
CREATE INDEX "task_reminders_pending_idx" ON "task_reminders" USING btree ("due_at") WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX "task_reminders_rule_idx" ON "task_reminders" USING btree ("rule_id","due_at");--> statement-breakpoint
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
ALTER TABLE "settings" ADD CONSTRAINT "settings_mail_import_format" CHECK ("settings"."mail_import_format" in ('AUTO', 'EML', 'MBOX', 'OUTLOOK_TEXT', 'THUNDERBIRD_TEXT'));