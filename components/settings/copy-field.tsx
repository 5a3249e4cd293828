"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** A value to paste elsewhere (a token, a snippet, a secret) with a copy button. */
export function CopyField({
  label,
  value,
  multiline = false,
  testId,
}: {
  label: string;
  value: string;
  multiline?: boolean;
  testId?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the value stays selectable.
      setCopied(false);
    }
  };
  return (
    <div>
      <p className="text-xs font-medium text-slate-600">{label}</p>
      <div className="mt-1 flex items-start gap-2">
        <code
          data-testid={testId}
          className={
            multiline
              ? "block min-w-0 flex-1 whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-3 text-xs text-slate-100"
              : "block min-w-0 flex-1 break-all rounded-lg bg-slate-100 px-3 py-2 text-xs text-slate-800 ring-1 ring-slate-200"
          }
        >
          {value}
        </code>
        <button
          type="button"
          onClick={() => void copy()}
          aria-label={`Copy ${label}`}
          title={`Copy ${label}`}
          className="flex shrink-0 items-center gap-1 rounded-lg px-2 py-2 text-xs text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100"
        >
          {copied ? <Check className="size-4 text-emerald-600" /> : <Copy className="size-4" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
