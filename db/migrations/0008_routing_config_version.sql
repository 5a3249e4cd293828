ALTER TABLE "workspaces" ADD COLUMN "routing_config_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "bump_routing_config_version"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "workspaces" SET "routing_config_version" = "routing_config_version" + 1 WHERE "id" = OLD."workspace_id";
  ELSE
    UPDATE "workspaces" SET "routing_config_version" = "routing_config_version" + 1 WHERE "id" = NEW."workspace_id";
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER "teams_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "teams" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();--> statement-breakpoint
CREATE TRIGGER "team_routing_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "team_routing" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();--> statement-breakpoint
CREATE TRIGGER "team_members_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "team_members" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();--> statement-breakpoint
CREATE TRIGGER "business_calendars_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "business_calendars" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();--> statement-breakpoint
CREATE TRIGGER "sla_policies_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "sla_policies" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();--> statement-breakpoint
CREATE TRIGGER "routing_rule_sets_routing_config" AFTER INSERT OR UPDATE OR DELETE ON "routing_rule_sets" FOR EACH ROW EXECUTE FUNCTION "bump_routing_config_version"();
