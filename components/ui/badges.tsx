import { clsx } from "clsx";
import type { ConversationPriority, ConversationStatus } from "@/db/schema";

const PRIORITY_STYLE: Record<ConversationPriority, string> = {
  urgent: "bg-red-50 text-red-700 ring-red-200",
  high: "bg-orange-50 text-orange-700 ring-orange-200",
  normal: "bg-slate-50 text-slate-600 ring-slate-200",
  low: "bg-slate-50 text-slate-400 ring-slate-200",
};

export function PriorityBadge({ priority }: { priority: ConversationPriority }) {
  if (priority === "normal") return null;
  return (
    <span
      className={clsx(
        "rounded px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide ring-1 ring-inset",
        PRIORITY_STYLE[priority],
      )}
    >
      {priority}
    </span>
  );
}

const STATUS_STYLE: Record<ConversationStatus, string> = {
  open: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  snoozed: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  resolved: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return (
    <span
      className={clsx(
        "rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset",
        STATUS_STYLE[status],
      )}
    >
      {status}
    </span>
  );
}
