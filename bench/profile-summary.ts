/**
 * Summarises a V8 .cpuprofile (from node --cpu-prof): the top frames by self time and by
 * total (inclusive) time, grouped by function and file, and self time by package.
 * Usage: npm run bench:profile-summary -- <file.cpuprofile> [--top 25] [--per N]
 *   --per N divides every time by N (e.g. acknowledged messages) to print µs per message.
 *   --callers TEXT prints the commonest call paths (skipping Node internals) into frames whose name contains TEXT.
 */
import { readFileSync } from "node:fs";
import { option } from "./stats";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const file = process.argv[2];
if (!file || file.startsWith("--")) {
  console.error("Usage: npm run bench:profile-summary -- <file.cpuprofile> [--top 25] [--per N]");
  process.exit(2);
}
const top = Number(option("top", "25"));
const per = Number(option("per", "0"));
const callersOf = option("callers", "");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

function shortFile(url: string): string {
  if (!url) return "";
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("node_modules/");
  if (modules >= 0) return path.slice(modules + "node_modules/".length);
  const cwd = `${process.cwd()}/`;
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}

function keyOf(node: Node): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = shortFile(url);
  if (!functionName) return `(anonymous) ${where}:${lineNumber + 1}`;
  return where ? `${functionName} ${where}` : functionName;
}

function packageOf(node: Node): string {
  const { functionName, url } = node.callFrame;
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const path = shortFile(url);
  if (path !== url.replace(/^file:\/\//, "") && url.includes("node_modules/")) {
    const parts = path.split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith(".next/")) return "app bundle (.next)";
  return "app source";
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const self = new Map<string, number>();
const total = new Map<string, number>();
const packages = new Map<string, number>();
const callerPaths = new Map<string, number>();
let sampled = 0;
for (let i = 0; i < profile.samples.length; i++) {
  // A sample's time is the gap to the next sample.
  const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  sampled += delta;
  const leaf = byId.get(profile.samples[i]!)!;
  const leafKey = keyOf(leaf);
  self.set(leafKey, (self.get(leafKey) ?? 0) + delta);
  packages.set(packageOf(leaf), (packages.get(packageOf(leaf)) ?? 0) + delta);
  if (callersOf) {
    const path: string[] = [];
    let id: number | undefined = leaf.id;
    while (id !== undefined && !keyOf(byId.get(id)!).includes(callersOf)) id = parent.get(id);
    // Node's own stream and timer plumbing hides who asked; skip it on the way up.
    for (; id !== undefined && path.length < 6; id = parent.get(id)) {
      const key = keyOf(byId.get(id)!);
      if (path.length === 0 || !/node:|^runMicrotasks|^\(root\)/.test(key)) path.push(key);
    }
    if (path.length) callerPaths.set(path.join(" ← "), (callerPaths.get(path.join(" ← ")) ?? 0) + delta);
  }
  const seen = new Set<string>();
  for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
    const key = keyOf(byId.get(id)!);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + delta);
  }
}

const busy = sampled - (self.get("(idle)") ?? 0);
const rows = (map: Map<string, number>, count: number, width = 110) =>
  [...map]
    .filter(([key]) => key !== "(root)" && key !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, millis]) => ({
      frame: frame.length > width ? `${frame.slice(0, width - 1)}…` : frame,
      ms: millis.toFixed(0),
      "% of busy": ((100 * millis) / busy).toFixed(1),
      ...(per ? { "µs/msg": ((1000 * millis) / per).toFixed(0) } : {}),
    }));

console.log(
  `${file}: ${(sampled / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (not idle)` +
    (per ? `, ${per} messages → ${((1000 * busy) / per).toFixed(0)} µs of CPU per message` : ""),
);
console.log(`\nSelf time by package`);
console.table(rows(packages, top));
console.log(`\nTop ${top} by self time`);
console.table(rows(self, top));
console.log(`\nTop ${top} by total time (each frame counted once per sample)`);
console.table(rows(total, top));
if (callersOf) {
  console.log(`\nCommonest call paths into frames matching "${callersOf}" (inclusive time)`);
  console.table(rows(callerPaths, 10, 400));
}
