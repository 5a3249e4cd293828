"use client";

import { KeyRound, RefreshCw } from "lucide-react";
import type { InboxView, SecretState } from "@/server/services/inbox/views";
import { CopyField } from "./copy-field";

/** Secrets of one inbox as the create or rotate response gave them; gone on the next page load. */
export type RevealedSecrets = { inboxId: string; identitySecret?: string; webhookSecret?: string };

const formatDate = (date: Date) =>
  date.toLocaleString(undefined, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

export function embedSnippet(origin: string, inbox: InboxView): string {
  const color = inbox.color ? ` data-color="${inbox.color}"` : "";
  return `<script src="${origin}/widget.js" data-inbox="${inbox.publicToken}"${color} async></script>`;
}

const IDENTITY_HINT = `// On your server, for the signed-in user (Node.js):
import { createHmac } from "node:crypto";
const userHash = createHmac("sha256", process.env.SWITCHBOARD_IDENTITY_SECRET)
  .update(user.id)
  .digest("hex");
// Give the widget user.id and userHash; never send the secret to the browser.`;

function SecretRow({
  title,
  testId,
  state,
  revealed,
  rotating,
  onRotate,
  explanation,
}: {
  title: string;
  testId: string;
  state: SecretState;
  revealed: string | undefined;
  rotating: boolean;
  onRotate: () => void;
  explanation: string;
}) {
  return (
    <div className="rounded-lg p-4 ring-1 ring-slate-200" data-testid={`${testId}-block`}>
      <div className="flex items-center gap-2">
        <KeyRound className="size-4 text-slate-500" />
        <h3 className="flex-1 text-sm font-medium text-slate-900">{title}</h3>
        <button
          type="button"
          disabled={rotating}
          onClick={() => {
            if (window.confirm(`Rotate the ${title.toLowerCase()}? The current one stops working at once.`)) onRotate();
          }}
          className="flex items-center gap-1 rounded-lg px-2 py-1 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100 disabled:opacity-60"
        >
          <RefreshCw className="size-3.5" /> Rotate
        </button>
      </div>
      <p className="mt-1 text-xs text-slate-500">{explanation}</p>
      <div className="mt-3">
        {revealed ? (
          <div className="space-y-2">
            <CopyField label={title} value={revealed} testId={testId} />
            <p role="status" className="text-xs font-medium text-amber-700">
              Copy it now: it will not be shown again.
            </p>
          </div>
        ) : (
          <p className="text-sm text-slate-700" data-testid={`${testId}-state`}>
            {state.set
              ? `Set${state.rotatedAt ? ` (rotated ${formatDate(state.rotatedAt)})` : ""}`
              : "Not set — rotate to generate one"}
          </p>
        )}
      </div>
    </div>
  );
}

/** What an admin needs to connect an inbox: its secrets, and the snippet or API credentials. */
export function InboxConnection({
  inbox,
  origin,
  revealed,
  rotating,
  onRotateIdentity,
  onRotateWebhook,
}: {
  inbox: InboxView;
  origin: string;
  revealed: RevealedSecrets | null;
  rotating: boolean;
  onRotateIdentity: () => void;
  onRotateWebhook: () => void;
}) {
  const shown = revealed?.inboxId === inbox.id ? revealed : null;
  return (
    <div className="space-y-6">
      {inbox.channelType === "web_widget" && (
        <section className="space-y-3">
          <h2 className="text-sm font-semibold text-slate-900">Install on your website</h2>
          <CopyField label="Embed snippet" value={embedSnippet(origin, inbox)} multiline testId="embed-snippet" />
          <p className="text-xs text-slate-500">Paste it before the closing &lt;/body&gt; tag of every page.</p>
        </section>
      )}
      {inbox.channelType === "api" && (
        <section className="space-y-3" aria-label="API credentials">
          <h2 className="text-sm font-semibold text-slate-900">API credentials</h2>
          <CopyField label="API base URL" value={`${origin}/api/v1`} testId="api-base-url" />
          <CopyField label="Inbox token" value={inbox.publicToken} testId="inbox-token" />
          <p className="text-xs text-slate-500">
            The API is described in{" "}
            <a
              href={`${origin}/api/v1/openapi.json`}
              target="_blank"
              rel="noreferrer"
              className="text-brand-700 underline"
            >
              {origin}/api/v1/openapi.json
            </a>
            .
          </p>
        </section>
      )}
      <section className="space-y-3">
        <h2 className="text-sm font-semibold text-slate-900">Secrets</h2>
        <SecretRow
          title="Identity secret"
          testId="identity-secret"
          state={inbox.identitySecret}
          revealed={shown?.identitySecret}
          rotating={rotating}
          onRotate={onRotateIdentity}
          explanation="Your server signs each user's id with it (userHash = HMAC-SHA256(identity secret, userId), hex), so a visitor cannot pose as someone else."
        />
        {inbox.webhookSecret && (
          <SecretRow
            title="Webhook signing secret"
            testId="webhook-secret"
            state={inbox.webhookSecret}
            revealed={shown?.webhookSecret}
            rotating={rotating}
            onRotate={onRotateWebhook}
            explanation="Callbacks carry Standard Webhooks signatures made with it; verify them with any Standard Webhooks library."
          />
        )}
        <details className="rounded-lg p-4 text-sm ring-1 ring-slate-200">
          <summary className="cursor-pointer font-medium text-slate-700">How to compute a user hash</summary>
          <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">{IDENTITY_HINT}</pre>
        </details>
      </section>
    </div>
  );
}
