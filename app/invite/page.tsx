import { AcceptInvitation } from "@/components/auth/accept-invitation";

export const dynamic = "force-dynamic";
export const metadata = { title: "Join your team · Switchboard" };

export default function InvitePage() {
  return (
    <div className="flex min-h-screen items-center justify-center bg-gradient-to-br from-slate-100 to-brand-50 p-6">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-xl ring-1 ring-slate-200">
        <div className="mb-6 flex items-center gap-3">
          <div className="flex size-10 items-center justify-center rounded-xl bg-brand-600 text-xl font-bold text-white">
            S
          </div>
          <div>
            <h1 className="text-lg font-semibold">Switchboard</h1>
            <p className="text-sm text-slate-500">Join your team</p>
          </div>
        </div>
        <AcceptInvitation />
      </div>
    </div>
  );
}
