import { createCallerFactory, createTRPCRouter } from "./init";
import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { contactsRouter } from "./routers/contacts";
import { conversationsRouter } from "./routers/conversations";
import { inboxesRouter } from "./routers/inboxes";
import { invitationsRouter } from "./routers/invitations";
import { deliveriesRouter } from "./routers/deliveries";
import { messagesRouter } from "./routers/messages";
import { routingRouter } from "./routers/routing";
import { widgetRouter } from "./routers/widget";
import { workspaceRouter } from "./routers/workspace";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  conversations: conversationsRouter,
  messages: messagesRouter,
  contacts: contactsRouter,
  routing: routingRouter,
  deliveries: deliveriesRouter,
  widget: widgetRouter,
  workspace: workspaceRouter,
  inboxes: inboxesRouter,
  audit: auditRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
