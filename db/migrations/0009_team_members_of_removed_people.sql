-- People removed from a workspace leave its teams and routing (removeMember does this from now on).
DELETE FROM "team_members" tm
WHERE NOT EXISTS (
  SELECT 1 FROM "memberships" m WHERE m."workspace_id" = tm."workspace_id" AND m."user_id" = tm."user_id"
);
--> statement-breakpoint
DELETE FROM "agent_routing_profiles" p
WHERE NOT EXISTS (
  SELECT 1 FROM "memberships" m WHERE m."workspace_id" = p."workspace_id" AND m."user_id" = p."user_id"
);
