/** Every API call the SDK makes; a test checks each against the server's OpenAPI document. */
export const ROUTES = {
  createUser: { method: "post", path: "/api/v1/users" },
  refreshUser: { method: "post", path: "/api/v1/users/refresh" },
  listConversations: { method: "get", path: "/api/v1/conversations" },
  openConversation: { method: "post", path: "/api/v1/conversations" },
  sendMessage: { method: "post", path: "/api/v1/conversations/{id}/messages" },
  listMessages: { method: "get", path: "/api/v1/conversations/{id}/messages" },
  markRead: { method: "post", path: "/api/v1/conversations/{id}/read" },
  realtimeAuth: { method: "post", path: "/api/v1/realtime/auth" },
} as const;

export type RouteName = keyof typeof ROUTES;

export function pathOf(route: RouteName, id?: string): string {
  const template: string = ROUTES[route].path;
  return id === undefined ? template : template.replace("{id}", encodeURIComponent(id));
}
