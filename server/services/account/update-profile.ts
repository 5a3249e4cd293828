import { eq } from "drizzle-orm";
import type { Executor } from "@/db";
import { users } from "@/db/schema";
import type { AgentActor } from "@/server/actor";
import type { UpdateProfileInput } from "./schemas";

/** Your name and picture, as teammates and customers see them from your next message on. */
export async function updateProfile(db: Executor, actor: AgentActor, input: UpdateProfileInput) {
  const [row] = await db
    .update(users)
    .set({ name: input.name, avatarUrl: input.avatarUrl })
    .where(eq(users.id, actor.userId))
    .returning({ name: users.name, email: users.email, avatarUrl: users.avatarUrl });
  if (!row) throw new Error("the signed-in user has no row");
  return row;
}
