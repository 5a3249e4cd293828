import { Camera, Globe, Mail, MessageCircle, MessagesSquare, Send, Smartphone, Terminal } from "lucide-react";
import type { ChannelType } from "@/db/schema";

const ICONS: Record<ChannelType, { Icon: typeof Globe; label: string; color: string }> = {
  web_widget: { Icon: Globe, label: "Website chat", color: "text-sky-600" },
  api: { Icon: Terminal, label: "API / mobile", color: "text-slate-600" },
  email: { Icon: Mail, label: "Email", color: "text-amber-600" },
  sms: { Icon: Smartphone, label: "SMS", color: "text-emerald-600" },
  whatsapp: { Icon: MessageCircle, label: "WhatsApp", color: "text-green-600" },
  messenger: { Icon: MessagesSquare, label: "Messenger", color: "text-blue-600" },
  instagram: { Icon: Camera, label: "Instagram", color: "text-pink-600" },
  telegram: { Icon: Send, label: "Telegram", color: "text-cyan-600" },
};

export function ChannelIcon({ channel, className = "size-3.5" }: { channel: ChannelType; className?: string }) {
  const { Icon, label, color } = ICONS[channel];
  return <Icon aria-label={label} className={`${className} ${color}`} />;
}

export const channelLabel = (channel: ChannelType) => ICONS[channel].label;
