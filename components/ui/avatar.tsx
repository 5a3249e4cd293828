import { clsx } from "clsx";

const PALETTE = [
  "bg-rose-500",
  "bg-amber-500",
  "bg-emerald-500",
  "bg-sky-500",
  "bg-violet-500",
  "bg-fuchsia-500",
  "bg-teal-500",
];

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

function colorOf(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? "bg-slate-500";
}

export function Avatar({
  name,
  seed,
  src,
  size = "md",
}: {
  name: string;
  seed?: string;
  /** A picture the person chose; initials on a colour otherwise. */
  src?: string | null;
  size?: "sm" | "md" | "lg";
}) {
  const sizeClass = clsx(
    size === "sm" && "size-7 text-[11px]",
    size === "md" && "size-9 text-xs",
    size === "lg" && "size-14 text-lg",
  );
  if (src) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- an inline data: picture, nothing to optimise
      <img src={src} alt="" className={clsx("shrink-0 rounded-full object-cover", sizeClass)} />
    );
  }
  return (
    <span
      aria-hidden
      className={clsx(
        "inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white",
        colorOf(seed ?? name),
        sizeClass,
      )}
    >
      {initialsOf(name)}
    </span>
  );
}
