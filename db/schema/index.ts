export * from "./workspaces";
export * from "./inboxes";
export * from "./contacts";
export * from "./conversations";
export * from "./events";
export * from "./sessions";
