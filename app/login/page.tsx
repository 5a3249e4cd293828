import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { DEMO_LOGINS } from "@/db/seed";
import { getAgentActor } from "@/server/auth/session";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in · Switchboard" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string | string[]; joined?: string | string[] }>;
}) {
  if (await getAgentActor()) redirect("/inbox");
  const { reason, joined } = await searchParams;
  const joinedEmail = typeof joined === "string" ? joined.slice(0, 254) : undefined;
  const demo =
    env().SEED_DEMO === "true" ? { email: DEMO_LOGINS.agent.email, password: DEMO_LOGINS.agent.password } : null;
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-100 to-brand-50 p-6">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-xl ring-1 ring-slate-200">
        <div className="mb-6 flex items-center gap-3">
          <div className="flex size-10 items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white">
            S
          </div>
          <div>
            <h1 className="text-lg font-semibold">Switchboard</h1>
            <p className="text-sm text-slate-500">Sign in to your inbox</p>
          </div>
        </div>
        {reason === "session-ended" && (
          <p role="status" className="mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-800 ring-1 ring-amber-200">
            Your session has ended. Please sign in again.
          </p>
        )}
        {joinedEmail && (
          <p
            role="status"
            className="mb-4 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-800 ring-1 ring-emerald-200"
          >
            Your account is ready. Sign in with the password you chose.
          </p>
        )}
        <LoginForm demoLogin={joinedEmail ? null : demo} email={joinedEmail} />
      </div>
    </div>
  );
}
