DROP INDEX "opportunity_stages_opportunity_idx";--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "potential" numeric(5, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "weighted_value" numeric(18, 2) GENERATED ALWAYS AS (round(value * potential / 100, 2)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_targets_added_idx" ON "campaign_targets" USING btree ("campaign_id","added_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_value_idx" ON "opportunities" USING btree ("value","id");--> statement-breakpoint
CREATE INDEX "opportunities_weighted_value_idx" ON "opportunities" USING btree ("weighted_value","id");--> statement-breakpoint
CREATE INDEX "opportunity_stages_opportunity_idx" ON "opportunity_stages" USING btree ("opportunity_id","entered_at","id");--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_id_unique" UNIQUE("id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_period_order" CHECK ("campaigns"."ends_on" >= "campaigns"."starts_on");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_estimated_cost_not_negative" CHECK ("campaigns"."estimated_cost" >= 0);--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_estimated_revenue_not_negative" CHECK ("campaigns"."estimated_revenue" >= 0);--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_potential_range" CHECK ("opportunities"."potential" between 0 and 100);--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_lost_has_reason" CHECK ("opportunities"."stage" <> 'LOST' or "opportunities"."loss_reason_id" is not null);--> statement-breakpoint
ALTER TABLE "opportunity_stage_potentials" ADD CONSTRAINT "opportunity_stage_potentials_range" CHECK ("opportunity_stage_potentials"."potential" between 0 and 100);