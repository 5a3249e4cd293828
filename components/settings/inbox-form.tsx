"use client";

import { useState } from "react";
import type { InboxView } from "@/server/services/inbox/views";

export type InboxFormValues = {
  channelType: "web_widget" | "api";
  name: string;
  greeting: string;
  color: string;
  enforceIdentity: boolean;
  callbackUrl: string;
};

export const emptyInboxForm = (): InboxFormValues => ({
  channelType: "web_widget",
  name: "",
  greeting: "",
  color: "",
  enforceIdentity: false,
  callbackUrl: "",
});

export const inboxFormValues = (inbox: InboxView): InboxFormValues => ({
  channelType: inbox.channelType === "api" ? "api" : "web_widget",
  name: inbox.name,
  greeting: inbox.greeting ?? "",
  color: inbox.color ?? "",
  enforceIdentity: inbox.enforceIdentity,
  callbackUrl: inbox.callbackUrl ?? "",
});

const field = "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm";
const HEX = /^#[0-9a-fA-F]{6}$/;

/** The fields an admin sets on an inbox; the server validates them again and its message is shown as is. */
export function InboxForm({
  initial,
  mode,
  pending,
  problem,
  onSubmit,
  onCancel,
}: {
  initial: InboxFormValues;
  mode: "create" | "edit";
  pending: boolean;
  problem: string | null;
  onSubmit: (values: InboxFormValues) => void;
  onCancel?: () => void;
}) {
  const [values, setValues] = useState(initial);
  const set = <K extends keyof InboxFormValues>(key: K, value: InboxFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const api = values.channelType === "api";

  return (
    <form
      aria-label={mode === "create" ? "New inbox" : "Inbox settings"}
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(values);
      }}
    >
      {mode === "create" && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Channel</legend>
          <div className="mt-1 flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="channelType" checked={!api} onChange={() => set("channelType", "web_widget")} />
              Website chat
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="channelType" checked={api} onChange={() => set("channelType", "api")} />
              API
            </label>
          </div>
        </fieldset>
      )}
      <label className="block text-sm font-medium text-slate-700">
        Name
        <input
          className={field}
          value={values.name}
          maxLength={120}
          onChange={(event) => set("name", event.target.value)}
        />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Greeting
        <input
          className={field}
          value={values.greeting}
          placeholder="Hi there! How can we help you today?"
          onChange={(event) => set("greeting", event.target.value)}
        />
      </label>
      <div className="flex items-end gap-3">
        <label className="block flex-1 text-sm font-medium text-slate-700">
          Colour
          <input
            className={field}
            value={values.color}
            placeholder="#3b55e6"
            onChange={(event) => set("color", event.target.value)}
          />
        </label>
        <input
          type="color"
          aria-label="Pick a colour"
          value={HEX.test(values.color) ? values.color.toLowerCase() : "#3b55e6"}
          onChange={(event) => set("color", event.target.value)}
          className="h-9 w-12 rounded border border-slate-300"
        />
      </div>
      {api && (
        <label className="block text-sm font-medium text-slate-700">
          Callback URL
          <input
            className={field}
            type="url"
            inputMode="url"
            value={values.callbackUrl}
            placeholder="https://api.example.com/switchboard/webhooks"
            onChange={(event) => set("callbackUrl", event.target.value)}
          />
          <span className="mt-1 block text-xs font-normal text-slate-500">
            Agent replies are sent here as signed webhooks. Leave empty to fetch them from the API instead.
          </span>
        </label>
      )}
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          className="mt-1"
          checked={values.enforceIdentity}
          onChange={(event) => set("enforceIdentity", event.target.checked)}
        />
        <span>
          <span className="font-medium">Enforce identity verification</span>
          <span className="block text-xs text-slate-500">
            Refuse users whose user hash is missing or wrong, instead of keeping them as unverified.
          </span>
        </span>
      </label>
      {problem && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-700 ring-1 ring-red-200">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-500 px-4 py-2 text-sm font-medium text-white hover:bg-brand-600 disabled:opacity-60"
        >
          {mode === "create" ? "Create inbox" : "Save changes"}
        </button>
        {onCancel && (
          <button
            type="button"
            onClick={onCancel}
            className="rounded-lg px-4 py-2 text-sm text-slate-600 hover:bg-slate-100"
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
