"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "@/components/providers/trpc";
import type { RoutingReport as Report } from "@/server/services/routing/get-routing-report";

type Row = Report["teams"][number];

const COLUMNS: { key: keyof Row; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "conversations", label: "Conversations" },
  { key: "resolved", label: "Resolved" },
  { key: "firstResponseMinutes", label: "First response (min)" },
  { key: "resolutionMinutes", label: "Resolution (min)" },
  { key: "firstResponseAttainment", label: "First-response SLA %" },
  { key: "resolutionAttainment", label: "Resolution SLA %" },
];

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote everything; a leading = + - @ would be a formula in a spreadsheet.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

function downloadCsv(report: Report) {
  const lines = [["Group", ...COLUMNS.map((c) => c.label)].map(csvCell).join(",")];
  for (const [group, rows] of [
    ["Team", report.teams],
    ["Agent", report.agents],
  ] as const) {
    for (const row of rows) lines.push([group, ...COLUMNS.map((c) => row[c.key])].map(csvCell).join(","));
  }
  const blob = new Blob([`${lines.join("\n")}\n`], { type: "text/csv" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `switchboard-report-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

function Table({ title, rows }: { title: string; rows: Row[] }) {
  return (
    <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-label={title}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <table className="mt-2 w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className="py-1 font-medium">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.id}`} className="border-t border-slate-100">
              {COLUMNS.map((c) => (
                <td key={c.key} className="py-1.5 tabular-nums">
                  {row[c.key] ?? "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function RoutingReport() {
  const trpc = useTRPC();
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 6 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const range = useMemo(
    () => ({ from: new Date(`${from}T00:00:00Z`), to: new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) }),
    [from, to],
  );
  const report = useQuery(trpc.routing.report.queryOptions(range));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col text-xs text-slate-600">
          From
          <input
            type="date"
            className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="flex flex-col text-xs text-slate-600">
          To
          <input
            type="date"
            className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <button
          type="button"
          disabled={!report.data}
          onClick={() => report.data && downloadCsv(report.data)}
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          Export CSV
        </button>
      </div>
      {report.error && <p className="text-sm text-red-700">{report.error.message}</p>}
      {report.data && (
        <>
          <section className="rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-label="Per day">
            <h3 className="text-sm font-semibold text-slate-900">Response and resolution times per day (minutes)</h3>
            <div className="mt-2 h-64">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={report.data.days}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="day" fontSize={11} />
                  <YAxis fontSize={11} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="firstResponseMinutes" name="First response" fill="#6366f1" />
                  <Bar dataKey="resolutionMinutes" name="Resolution" fill="#10b981" />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </section>
          <Table title="Per team" rows={report.data.teams} />
          <Table title="Per agent" rows={report.data.agents} />
        </>
      )}
    </div>
  );
}
