import type { EndUserTokenPolicy } from "@/server/auth/end-user-token";
import type { VisitorKeyRing } from "@/server/auth/visitor-token";
import type { RateLimits } from "@/server/limits/rate-limits";
import type { RealtimePublisher } from "@/server/realtime/publisher";
import type { ServiceContext } from "../context";

/** What API channel verbs need besides the database: token keys, limits and channel signing. */
export type ApiContext = ServiceContext & {
  visitorKeys: VisitorKeyRing;
  limits: RateLimits;
  publisher: Pick<RealtimePublisher, "authorizeChannel">;
  endUserTokens?: EndUserTokenPolicy;
};

/** Who is knocking: token issuance is limited per client address. */
export type ApiRequester = { clientAddress: string };
