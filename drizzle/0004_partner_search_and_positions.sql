ALTER TABLE "contacts" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "search_locality" text;--> statement-breakpoint
ALTER TABLE "site_emails" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_sites" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "partners_tax_id_prefix_idx" ON "partners" USING btree ("tax_id" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "partners_search_locality_idx" ON "partners" USING btree ("search_locality");--> statement-breakpoint
CREATE INDEX "partners_turnover_sort_idx" ON "partners" USING btree (coalesce("turnover", -1),"id");--> statement-breakpoint
CREATE INDEX "partners_employee_count_sort_idx" ON "partners" USING btree (coalesce("employee_count", -1),"id");