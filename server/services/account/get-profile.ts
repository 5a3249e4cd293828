import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";

export async function getProfile(db: Executor, actor: AgentActor) {
  const [row] = await db
    .select({ name: users.name, email: users.email, avatarUrl: users.avatarUrl })
    .from(users)
    .where(eq(users.id, actor.userId));
  if (!row) throw new Error("the signed-in user has no row");
  return row;
}
