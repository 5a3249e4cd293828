import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { contactsRouter } from "./routers/contacts";
import { conversationsRouter } from "./routers/conversations";
import { messagesRouter } from "./routers/messages";
import { widgetRouter } from "./routers/widget";
import { workspaceRouter } from "./routers/workspace";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  conversations: conversationsRouter,
  messages: messagesRouter,
  contacts: contactsRouter,
  widget: widgetRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
