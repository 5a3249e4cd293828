import { cookies } from "next/headers";
import { cache } from "react";
import type { SessionAgent } from "@/server/services/session/resolve-session";
import { agentFromCookies } from "./agent-from-cookies";

/** The signed-in agent of this Next.js request; cached per render so a layout and its page check once. */
export const getAgentActor = cache(async (): Promise<SessionAgent | null> =>
  agentFromCookies((await cookies()).getAll()),
);
