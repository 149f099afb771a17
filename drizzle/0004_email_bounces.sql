CREATE TABLE "email_bounces" (
	"email" text PRIMARY KEY NOT NULL,
	"bounce_count" integer NOT NULL,
	"first_bounced_at" timestamp (3) with time zone NOT NULL,
	"last_bounced_at" timestamp (3) with time zone NOT NULL,
	"last_status" text,
	"last_email_id" uuid
);
--> statement-breakpoint
ALTER TABLE "email_bounces" ADD CONSTRAINT "email_bounces_last_email_id_imported_emails_id_fk" FOREIGN KEY ("last_email_id") REFERENCES "public"."imported_emails"("id") ON DELETE set null ON UPDATE no action;