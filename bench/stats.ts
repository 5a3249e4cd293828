import { loadavg } from "node:os";

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

export type Percentiles = { n: number; p50: number; p95: number; p99: number; max: number };

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

/** Counts of labels, printed as "200×4810 503×12". */
export function tally(labels: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

export function formatTally(counts: Map<string, number>): string {
  if (counts.size === 0) return "none";
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([label, count]) => `${label}×${count}`)
    .join(" ");
}

/** Reads `--name value` from argv, or the fallback. */
export function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  return value === undefined || value.startsWith("--") ? fallback : value;
}

/** The 1, 5 and 15 minute load averages, for the record next to every result. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}
