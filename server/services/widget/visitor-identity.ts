import type { SenderIdentity } from "@/server/channels/contract";

/** How the widget knows an anonymous visitor: the id inside their signed visitor token. */
export const visitorIdentity = (visitorId: string): SenderIdentity => ({
  kind: "web_visitor",
  value: visitorId,
  verified: false,
});

/** The name a visitor's contact starts with until they give a real one. */
export const visitorFallbackName = (visitorId: string) => `Visitor ${visitorId.slice(2, 6).toUpperCase()}`;
