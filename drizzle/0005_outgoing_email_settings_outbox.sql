CREATE TYPE "public"."email_status" AS ENUM('QUEUED', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."smtp_security" AS ENUM('NONE', 'STARTTLS', 'TLS');--> statement-breakpoint
CREATE TABLE "job_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"job_name" text NOT NULL,
	"data" jsonb NOT NULL,
	"run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"message_reminders_enabled" boolean DEFAULT true NOT NULL,
	"email_reminders_enabled" boolean DEFAULT true NOT NULL,
	"default_reminder_days_before" integer DEFAULT 1 NOT NULL,
	"new_task_refresh_minutes" integer DEFAULT 5 NOT NULL,
	"time_zone" text DEFAULT 'Europe/Bucharest' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "settings_single_row" CHECK ("settings"."id" = 1),
	CONSTRAINT "settings_days_before_range" CHECK ("settings"."default_reminder_days_before" between 0 and 30),
	CONSTRAINT "settings_refresh_range" CHECK ("settings"."new_task_refresh_minutes" between 0 and 1440)
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
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_log" ADD CONSTRAINT "email_log_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_log" ADD CONSTRAINT "email_log_smtp_server_id_smtp_servers_id_fk" FOREIGN KEY ("smtp_server_id") REFERENCES "public"."smtp_servers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_mailboxes" ADD CONSTRAINT "user_mailboxes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_mailboxes" ADD CONSTRAINT "user_mailboxes_smtp_server_id_smtp_servers_id_fk" FOREIGN KEY ("smtp_server_id") REFERENCES "public"."smtp_servers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_outbox_pending_idx" ON "job_outbox" USING btree ("id") WHERE sent_at is null;--> statement-breakpoint
CREATE INDEX "job_outbox_sent_at_idx" ON "job_outbox" USING btree ("sent_at") WHERE sent_at is not null;--> statement-breakpoint
CREATE INDEX "email_log_queued_idx" ON "email_log" USING btree ("queued_at","id");--> statement-breakpoint
CREATE INDEX "email_log_status_idx" ON "email_log" USING btree ("status","queued_at","id");--> statement-breakpoint
CREATE INDEX "email_log_related_idx" ON "email_log" USING btree ("related_type","related_id","queued_at");--> statement-breakpoint
CREATE INDEX "email_log_stale_idx" ON "email_log" USING btree ("next_attempt_at") WHERE status = 'QUEUED';--> statement-breakpoint
CREATE UNIQUE INDEX "smtp_servers_one_default_idx" ON "smtp_servers" USING btree ("is_default") WHERE is_default;