import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { membershipRole, type MembershipRole } from "@/db/schema";
import { getDatabase } from "@/server/database";
import { env } from "@/server/env";
import { safeRedirect } from "@/server/http/safe-redirect";
import { trustedOrigin } from "@/server/http/trusted-origin";
import { verifyCredentials } from "@/server/services/auth/verify-credentials";
import { authLogger } from "./auth-logger";

const Credentials = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

const SessionClaims = z.object({
  userId: z.string(),
  workspaceId: z.string(),
  role: z.enum(membershipRole.enumValues),
});

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; workspaceId: string; role: MembershipRole };
  }
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    logger: authLogger(),
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = Credentials.safeParse(raw);
          if (!parsed.success) return null;
          const agent = await verifyCredentials(await getDatabase(), parsed.data.email, parsed.data.password);
          if (!agent) return null;
          return {
            id: agent.userId,
            name: agent.name,
            email: agent.email,
            workspaceId: agent.workspaceId,
            role: agent.role,
          };
        },
      }),
    ],
    callbacks: {
      // Only our own pages: a forged Host or a foreign or malformed callbackUrl lands on "/".
      redirect: ({ url }) => safeRedirect(url, trustedOrigin(env())),
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as typeof user & { workspaceId: string; role: MembershipRole };
          token.userId = signedIn.id;
          token.workspaceId = signedIn.workspaceId;
          token.role = signedIn.role;
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
          workspaceId: claims.data.workspaceId,
          role: claims.data.role,
        };
        return session;
      },
    },
  };
}
