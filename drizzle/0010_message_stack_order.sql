DROP INDEX "messages_user_idx";--> statement-breakpoint
DROP INDEX "messages_user_unread_idx";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "created_at" SET DATA TYPE timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "position" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "messages_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "imap_folder_states" ADD COLUMN "sync_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_user_position_idx" ON "messages" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "messages_user_unread_idx" ON "messages" USING btree ("user_id","position") WHERE read_at is null;