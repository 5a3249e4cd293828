import { BadgeCheck } from "lucide-react";

const IDENTITY_LABEL: Record<string, string> = {
  web_visitor: "Website visitor",
  external_id: "User id",
  api_user: "App user",
  email: "Email",
  phone: "Phone",
};

/** How channels know a contact; identities proven by their channel (a signed user id) carry a badge. */
export function IdentityList({ identities }: { identities: { kind: string; value: string; verified: boolean }[] }) {
  return (
    <ul className="space-y-1.5" data-testid="contact-identities">
      {identities.map((identity) => (
        <li key={`${identity.kind}:${identity.value}`} className="flex items-center justify-between gap-2 text-sm">
          <span className="text-slate-500">{IDENTITY_LABEL[identity.kind] ?? identity.kind}</span>
          <span className="flex min-w-0 items-center gap-1.5">
            <span className="truncate font-mono text-xs text-slate-700">{identity.value}</span>
            {identity.verified && (
              <span
                className="flex items-center gap-0.5 rounded bg-emerald-50 px-1.5 py-0.5 text-[10px] font-semibold text-emerald-700 ring-1 ring-inset ring-emerald-200"
                data-testid="verified-badge"
                title="Proven by a userHash signed with the inbox's identity secret"
              >
                <BadgeCheck className="size-3" /> Verified
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
