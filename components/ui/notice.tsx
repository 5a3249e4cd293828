/** A one-line outcome under a form: an alert for errors, a status for success. */
export function Notice({ tone, children }: { tone: "error" | "ok"; children: React.ReactNode }) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      className={
        tone === "error"
          ? "mt-3 rounded-lg bg-red-50 p-2 text-sm text-red-700"
          : "mt-3 rounded-lg bg-emerald-50 p-2 text-sm text-emerald-700"
      }
    >
      {children}
    </p>
  );
}

export const inputClass =
  "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100";
