DROP INDEX "task_responses_task_idx";--> statement-breakpoint
DROP INDEX "tasks_beneficiary_idx";--> statement-breakpoint
DROP INDEX "tasks_responsible_idx";--> statement-breakpoint
DROP INDEX "tasks_creator_idx";--> statement-breakpoint
DROP INDEX "tasks_status_deadline_idx";--> statement-breakpoint
DROP INDEX "tasks_deadline_idx";--> statement-breakpoint
ALTER TABLE "task_responses" ALTER COLUMN "created_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "task_responses" ALTER COLUMN "created_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "deadline" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "registered_at" SET DATA TYPE timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "registered_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "task_responses_created_at_idx" ON "task_responses" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_registered_at_idx" ON "tasks" USING btree ("registered_at","id");--> statement-breakpoint
CREATE INDEX "tasks_responsible_registered_at_idx" ON "tasks" USING btree ("responsible_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "tasks_creator_registered_at_idx" ON "tasks" USING btree ("creator_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "task_responses_task_idx" ON "task_responses" USING btree ("task_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tasks_beneficiary_idx" ON "tasks" USING btree ("beneficiary_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_responsible_idx" ON "tasks" USING btree ("responsible_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_creator_idx" ON "tasks" USING btree ("creator_id",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_status_deadline_idx" ON "tasks" USING btree ("status",coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_deadline_idx" ON "tasks" USING btree (coalesce("deadline", 'infinity'::timestamptz),"id");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_estimated_hours_not_negative" CHECK ("tasks"."estimated_hours" >= 0);--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_deadline_after_planned_start" CHECK ("tasks"."deadline" >= "tasks"."planned_start");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_resolved_at_matches_status" CHECK (("tasks"."status" = 'RESOLVED') = ("tasks"."resolved_at" is not null));