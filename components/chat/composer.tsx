"use client";

import { clsx } from "clsx";
import { SendHorizontal } from "lucide-react";
import { useState, type KeyboardEvent } from "react";

export const MAX_MESSAGE_LENGTH = 10_000;

/**
 * Enter sends, Shift+Enter adds a line; the limit matches the server's so errors are rare. With
 * `hold` set (say, someone else answered while this was being written) the first attempt to send
 * shows the reason and a "Send anyway" instead of sending.
 */
export function Composer({
  onSend,
  placeholder,
  tone = "reply",
  disabled,
  footer,
  compact,
  hold,
  onDraftChange,
}: {
  onSend: (body: string) => Promise<unknown> | void;
  placeholder: string;
  tone?: "reply" | "note";
  disabled?: boolean;
  footer?: React.ReactNode;
  compact?: boolean;
  hold?: string | null;
  onDraftChange?: (body: string) => void;
}) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [held, setHeld] = useState(false);
  const trimmed = body.trim();
  const tooLong = trimmed.length > MAX_MESSAGE_LENGTH;

  const edit = (next: string) => {
    setBody(next);
    if (!next.trim()) setHeld(false);
    onDraftChange?.(next);
  };

  const submit = async (anyway = false) => {
    if (!trimmed || tooLong || disabled) return;
    if (hold && !anyway) {
      setHeld(true);
      return;
    }
    setHeld(false);
    edit("");
    setError(null);
    try {
      await onSend(trimmed);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Could not send");
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <div
      className={clsx(
        "border-t border-slate-200",
        tone === "note" ? "bg-amber-50" : "bg-white",
        compact ? "p-2" : "p-3",
      )}
    >
      <div className="flex items-end gap-2">
        <textarea
          aria-label="Message"
          data-testid="composer-input"
          rows={compact ? 1 : 3}
          value={body}
          disabled={disabled}
          onChange={(event) => edit(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder}
          className="max-h-48 min-h-10 flex-1 resize-none rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
        <button
          type="button"
          data-testid="composer-send"
          aria-label="Send"
          onClick={() => void submit()}
          disabled={!trimmed || tooLong || disabled}
          className={clsx(
            "flex h-10 items-center gap-1.5 rounded-lg px-3 text-sm font-medium text-white disabled:opacity-40",
            tone === "note" ? "bg-amber-600 hover:bg-amber-700" : "bg-brand-600 hover:bg-brand-700",
          )}
        >
          <SendHorizontal className="size-4" />
          {!compact && (tone === "note" ? "Add note" : "Send")}
        </button>
      </div>
      <div className="mt-1 flex items-center gap-3 text-[11px] text-slate-400">
        {footer}
        {tooLong && (
          <span className="text-red-600">
            Too long: {trimmed.length} / {MAX_MESSAGE_LENGTH} characters
          </span>
        )}
        {error && (
          <span role="alert" className="text-red-600">
            {error}
          </span>
        )}
      </div>
      {held && hold && (
        <div
          role="alert"
          data-testid="composer-hold"
          className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900"
        >
          <span className="flex-1">{hold}</span>
          <button
            type="button"
            onClick={() => void submit(true)}
            className="rounded-md bg-amber-600 px-2.5 py-1 font-medium text-white hover:bg-amber-700"
          >
            Send anyway
          </button>
        </div>
      )}
    </div>
  );
}
