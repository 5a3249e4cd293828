import { clsx } from "clsx";
import { AlertCircle, Check, CheckCheck, Clock, Lock, RefreshCw } from "lucide-react";
import { clockTime } from "@/components/ui/time";
import type { ChatMessage } from "./message-store";

function DeliveryMark({ message, seen }: { message: ChatMessage; seen: boolean }) {
  if (message.localState === "pending") return <Clock aria-label="Sending" className="size-3" />;
  if (message.localState === "reconnecting") return <RefreshCw aria-label="Reconnecting" className="size-3" />;
  if (message.localState === "failed") return <AlertCircle aria-label="Not sent" className="size-3 text-red-500" />;
  if (message.deliveryStatus === "queued") return <Clock aria-label="Queued" className="size-3" />;
  if (message.deliveryStatus === "failed") {
    return <AlertCircle aria-label="Not delivered" className="size-3 text-red-500" />;
  }
  if (message.deliveryStatus === "read" || seen)
    return <CheckCheck aria-label="Read" className="size-3 text-sky-500" />;
  if (message.deliveryStatus === "delivered") return <CheckCheck aria-label="Delivered" className="size-3" />;
  return <Check aria-label="Sent" className="size-3" />;
}

/**
 * One message; `mine` decides the side, which depends on who is looking (agent or visitor).
 * `seen`: the other side has shown it in a visible, focused view.
 */
export function MessageBubble({
  message,
  mine,
  seen = false,
  onRetry,
}: {
  message: ChatMessage;
  mine: boolean;
  seen?: boolean;
  onRetry?: (message: ChatMessage) => void;
}) {
  const status = message.localState ? "local" : seen ? "read" : message.deliveryStatus;
  const note = message.direction === "note";
  return (
    <div
      data-testid="message"
      data-direction={message.direction}
      data-state={message.localState ?? "stored"}
      className={clsx("flex", mine ? "justify-end" : "justify-start")}
    >
      <div className={clsx("max-w-[78%]", mine ? "items-end" : "items-start", "flex flex-col gap-1")}>
        <div
          className={clsx(
            "whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm leading-relaxed shadow-sm",
            note && "border border-amber-200 bg-amber-50 text-amber-900",
            !note && mine && "rounded-br-md bg-brand-600 text-white",
            !note && !mine && "rounded-bl-md border border-slate-200 bg-white text-slate-800",
            (message.localState === "pending" || message.localState === "reconnecting") && "opacity-70",
          )}
        >
          {note && (
            <span className="mb-0.5 flex items-center gap-1 text-[10px] font-semibold uppercase tracking-wide text-amber-700">
              <Lock className="size-3" /> Private note
            </span>
          )}
          {message.body}
        </div>
        <div className="flex items-center gap-1 px-1 text-[11px] text-slate-400">
          {message.localState === "failed" ? (
            <span className="flex flex-wrap items-center justify-end gap-1 text-red-600">
              {message.failure && (
                <span role="alert" data-testid="message-failure">
                  {message.failure}
                </span>
              )}
              <button type="button" className="font-medium hover:underline" onClick={() => onRetry?.(message)}>
                Not sent · Retry
              </button>
            </span>
          ) : message.localState === "reconnecting" ? (
            <span data-testid="message-reconnecting">reconnecting…</span>
          ) : (
            <span>{clockTime(message.createdAt)}</span>
          )}
          {mine && (
            <span data-testid="delivery-status" data-status={status}>
              <DeliveryMark message={message} seen={seen && !message.localState} />
            </span>
          )}
        </div>
        {mine && !message.localState && message.deliveryStatus === "failed" && (
          <p data-testid="delivery-error" className="max-w-full px-1 text-right text-[11px] text-red-600">
            Not delivered{message.deliveryError ? `: ${message.deliveryError}` : ""}
          </p>
        )}
      </div>
    </div>
  );
}
