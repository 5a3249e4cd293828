import { WidgetApp } from "@/components/widget/widget-app";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const metadata = { title: "Chat" };

export default async function WidgetFramePage({ searchParams }: { searchParams: Promise<{ inbox?: string }> }) {
  const { inbox } = await searchParams;
  if (!inbox) return <p className="p-6 text-sm text-red-600">The widget snippet is missing its data-inbox token.</p>;
  const runtime = await getRuntime();
  return <WidgetApp inboxToken={inbox} realtime={runtime.realtimeClient} />;
}
