import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDatabase } from "@/server/database";
import { env } from "@/server/env";
import { CLIENT_ADDRESS_HEADER } from "@/server/http/client-address";
import { endSession } from "@/server/services/session/end-session";
import { sessionPolicyFrom } from "@/server/services/session/session-policy";
import { startSession } from "@/server/services/session/start-session";
import { signInSucceeded } from "./sign-in-throttle";
import { safeRedirect } from "@/server/http/safe-redirect";
import { trustedOrigin } from "@/server/http/trusted-origin";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { authLogger } from "./auth-logger";

const Credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

/** What the cookie carries: only which session it is. Workspace and role are read fresh per request. */
const SessionClaims = z.object({ sid: z.string().min(1), userId: z.string().min(1) });

type SignedInUser = {
  id: string;
  name: string;
  email: string;
  workspaceId: string;
  userAgent: string | null;
  clientAddress: string | null;
};

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; sessionId: string };
  }
}

const header = (headers: Record<string, unknown> | undefined, name: string) => {
  const value = headers?.[name];
  return typeof value === "string" ? value : null;
};

export function authOptions(): NextAuthOptions {
  const config = env();
  const policy = sessionPolicyFrom(config);
  return {
    secret: config.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_MINUTES * 60 },
    pages: { signIn: "/login" },
    logger: authLogger(),
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = Credentials.safeParse(raw);
          if (!parsed.success) return null;
          const agent = await verifyCredentials(await getDatabase(), parsed.data.email, parsed.data.password);
          if (!agent) return null;
          const clientAddress = header(req.headers, CLIENT_ADDRESS_HEADER);
          await signInSucceeded(parsed.data.email, clientAddress ?? "unknown");
          const user: SignedInUser = {
            id: agent.userId,
            name: agent.name,
            email: agent.email,
            workspaceId: agent.workspaceId,
            userAgent: header(req.headers, "user-agent"),
            clientAddress,
          };
          return user;
        },
      }),
    ],
    callbacks: {
      // Only our own pages: a forged Host or a foreign or malformed callbackUrl lands on "/".
      redirect: ({ url }) => safeRedirect(url, trustedOrigin(env())),
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as SignedInUser;
          token.userId = signedIn.id;
          token.sid = await startSession(await getDatabase(), policy, {
            userId: signedIn.id,
            workspaceId: signedIn.workspaceId,
            userAgent: signedIn.userAgent,
            clientAddress: signedIn.clientAddress,
          });
        }
        return token;
      },
      session({ session, token }) {
        const claims = SessionClaims.safeParse(token);
        if (!claims.success) return session;
        session.user = {
          id: claims.data.userId,
          name: token.name ?? "",
          email: token.email ?? "",
          sessionId: claims.data.sid,
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        const claims = SessionClaims.safeParse(token);
        if (claims.success) await endSession(await getDatabase(), claims.data.sid, "signed_out");
      },
    },
  };
}
