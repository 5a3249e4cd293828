"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { clsx } from "clsx";
import { Plus, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { ChannelIcon, channelLabel } from "@/components/ui/channel-icon";
import { InboxConnection, type RevealedSecrets } from "./inbox-details";
import { emptyInboxForm, InboxForm, inboxFormValues, type InboxFormValues } from "./inbox-form";

/** Keeps the selection in the address, so a reload (or a shared link) opens the same inbox. */
function showInAddress(inboxId: string | null) {
  const url = new URL(window.location.href);
  if (inboxId) url.searchParams.set("inbox", inboxId);
  else url.searchParams.delete("inbox");
  window.history.replaceState(window.history.state, "", url);
}

const formInput = (values: InboxFormValues) => ({
  name: values.name,
  greeting: values.greeting,
  color: values.color.trim() === "" ? null : values.color,
  enforceIdentity: values.enforceIdentity,
  ...(values.channelType === "api" ? { callbackUrl: values.callbackUrl } : {}),
});

/** Admins list, create and edit the workspace's inboxes and manage their secrets. */
export function InboxSettings({ origin, initialInboxId }: { origin: string; initialInboxId: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inboxes = useQuery(trpc.inboxes.list.queryOptions());
  const [selectedId, setSelectedId] = useState<string | null>(initialInboxId);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<RevealedSecrets | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.inboxes.list.queryKey() });
  const fail = { onError: (error: { message: string }) => setProblem(error.message) };

  const select = (inboxId: string | null) => {
    setSelectedId(inboxId);
    setCreating(false);
    setProblem(null);
    showInAddress(inboxId);
  };

  const create = useMutation(
    trpc.inboxes.create.mutationOptions({
      ...fail,
      onSuccess: async ({ inbox, secrets }) => {
        await refresh();
        select(inbox.id);
        setRevealed({
          inboxId: inbox.id,
          identitySecret: secrets.identitySecret,
          webhookSecret: secrets.webhookSecret ?? undefined,
        });
      },
    }),
  );
  const update = useMutation(
    trpc.inboxes.update.mutationOptions({
      ...fail,
      onSuccess: async () => {
        setProblem(null);
        await refresh();
      },
    }),
  );
  const rotateIdentity = useMutation(
    trpc.inboxes.rotateIdentitySecret.mutationOptions({
      ...fail,
      onSuccess: async ({ inbox, secret }) => {
        setRevealed({ inboxId: inbox.id, identitySecret: secret });
        await refresh();
      },
    }),
  );
  const rotateWebhook = useMutation(
    trpc.inboxes.rotateWebhookSecret.mutationOptions({
      ...fail,
      onSuccess: async ({ inbox, secret }) => {
        setRevealed({ inboxId: inbox.id, webhookSecret: secret });
        await refresh();
      },
    }),
  );

  const selected = inboxes.data?.find((inbox) => inbox.id === selectedId) ?? null;

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-8">
      <div className="mx-auto max-w-4xl">
        <div className="flex items-center gap-4">
          <div className="flex-1">
            <h1 className="text-xl font-semibold text-slate-900">Inboxes</h1>
            <p className="mt-1 text-sm text-slate-500">
              Each inbox is one way customers reach you: a chat on your website or your own app through the API.
            </p>
          </div>
          <button
            type="button"
            onClick={() => {
              select(null);
              setCreating(true);
            }}
            className="flex items-center gap-1 rounded-lg bg-brand-500 px-3 py-2 text-sm font-medium text-white hover:bg-brand-600"
          >
            <Plus className="size-4" /> New inbox
          </button>
        </div>

        <table className="mt-6 w-full overflow-hidden rounded-xl bg-white text-left text-sm ring-1 ring-slate-200">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Name</th>
              <th className="px-4 py-2 font-medium">Channel</th>
              <th className="px-4 py-2 font-medium">Created</th>
              <th className="px-4 py-2 font-medium">Identity verification</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {inboxes.data?.map((inbox) => (
              <tr
                key={inbox.id}
                data-testid="inbox-row"
                data-inbox-id={inbox.id}
                className={clsx("cursor-pointer hover:bg-slate-50", inbox.id === selectedId && "bg-brand-50")}
                onClick={() => select(inbox.id)}
              >
                <td className="px-4 py-3 font-medium text-slate-900">
                  <button type="button" className="text-left hover:underline" onClick={() => select(inbox.id)}>
                    {inbox.name}
                  </button>
                </td>
                <td className="px-4 py-3 text-slate-600">
                  <span className="flex items-center gap-2">
                    <ChannelIcon channel={inbox.channelType} /> {channelLabel(inbox.channelType)}
                  </span>
                </td>
                <td className="px-4 py-3 text-slate-600">{inbox.createdAt.toLocaleDateString()}</td>
                <td className="px-4 py-3">
                  {inbox.enforceIdentity ? (
                    <span className="inline-flex items-center gap-1 text-emerald-700">
                      <ShieldCheck className="size-4" /> Enforced
                    </span>
                  ) : (
                    <span className="text-slate-500">Optional</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        {!creating && !selected && problem && (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
            {problem}
          </p>
        )}

        {creating && (
          <section className="mt-6 rounded-xl bg-white p-6 ring-1 ring-slate-200">
            <h2 className="mb-4 text-base font-semibold text-slate-900">New inbox</h2>
            <InboxForm
              mode="create"
              initial={emptyInboxForm()}
              pending={create.isPending}
              problem={problem}
              onCancel={() => select(null)}
              onSubmit={(values) => create.mutate({ channelType: values.channelType, ...formInput(values) })}
            />
          </section>
        )}

        {selected && (
          <section
            className="mt-6 grid gap-8 rounded-xl bg-white p-6 ring-1 ring-slate-200 md:grid-cols-2"
            aria-label={`Inbox ${selected.name}`}
          >
            <div>
              <h2 className="mb-4 text-base font-semibold text-slate-900">
                {selected.name}{" "}
                <span className="text-sm font-normal text-slate-500">· {channelLabel(selected.channelType)}</span>
              </h2>
              <InboxForm
                key={`${selected.id}-${selected.updatedAt.getTime()}`}
                mode="edit"
                initial={inboxFormValues(selected)}
                pending={update.isPending}
                problem={problem}
                onSubmit={(values) => update.mutate({ inboxId: selected.id, ...formInput(values) })}
              />
            </div>
            <InboxConnection
              inbox={selected}
              origin={origin}
              revealed={revealed}
              rotating={rotateIdentity.isPending || rotateWebhook.isPending}
              onRotateIdentity={() => rotateIdentity.mutate({ inboxId: selected.id })}
              onRotateWebhook={() => rotateWebhook.mutate({ inboxId: selected.id })}
            />
          </section>
        )}
      </div>
    </div>
  );
}
