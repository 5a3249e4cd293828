import type { Database } from "@/db";
import type { VisitorKeyRing } from "@/server/auth/visitor-token";
import type { RateLimits } from "@/server/limits/rate-limits";

/** What widget verbs need besides the database: the visitor token keys and the abuse limits. */
export type WidgetContext = { db: Database; visitorKeys: VisitorKeyRing; limits: RateLimits };

/** Who is knocking: anonymous entry points are limited per client address. */
export type WidgetRequester = { clientAddress: string };
