import { WidgetApp } from "@/components/widget/widget-app";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Chat" };

/** The host page's origin as the loader named it; anything that is not exactly an http(s) origin is ignored. */
function parentOriginOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value ? value : null;
  } catch {
    return null;
  }
}

export default async function WidgetFramePage({
  searchParams,
}: {
  searchParams: Promise<{ inbox?: string; parent?: string }>;
}) {
  const { inbox, parent } = await searchParams;
  if (!inbox) return <p className="p-6 text-sm text-red-600">The widget snippet is missing its data-inbox token.</p>;
  const runtime = await getRuntime();
  return <WidgetApp inboxToken={inbox} parentOrigin={parentOriginOf(parent)} realtime={runtime.realtimeClient} />;
}
