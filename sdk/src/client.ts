import { SwitchboardApiError } from "./errors.js";
import { backoffDelay, DEFAULT_RETRY, newIdempotencyKey, sleep, type RetryPolicy } from "./retry.js";
import { pathOf, ROUTES, type RouteName } from "./routes.js";
import type {
  Conversation,
  ConversationList,
  ConversationResult,
  ErrorBody,
  Identity,
  MessageList,
  MessageResult,
  ReadResult,
  RealtimeAuth,
  RealtimeConfig,
  UserSession,
} from "./types.js";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type ClientOptions = {
  /** Where Switchboard runs, e.g. `https://support.example.com`. */
  baseUrl: string;
  /** The API inbox's public token. */
  inboxToken: string;
  /**
   * The signed-in user, as your backend vouches for them (userId + userHash). Called again
   * when the session can no longer be refreshed. Leave out for an anonymous user.
   */
  identify?: () => Promise<Identity | null> | Identity | null;
  /** A session saved from an earlier run (see `onSession`), so an anonymous user keeps their history. */
  session?: UserSession;
  /** Told whenever a new session (token) is issued, to store it. */
  onSession?: (session: UserSession) => void;
  retry?: Partial<RetryPolicy>;
  /** Refresh this long before the token expires. */
  refreshBeforeSeconds?: number;
  fetch?: FetchLike;
};

type CallOptions = {
  id?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  auth?: boolean;
};

/**
 * A Switchboard API client on `fetch` alone, so the same code runs in browsers, Node 18+ and
 * React Native. It keeps the user's token fresh (before expiry, and once more on a 401), and
 * retries what is safe to retry with backoff and jitter: every send carries one idempotency
 * key across its attempts, so a retry never stores a message twice.
 */
export class SwitchboardClient {
  readonly baseUrl: string;
  private session: UserSession | null;
  private pendingSession: Promise<UserSession> | null = null;
  private readonly retry: RetryPolicy;
  private readonly fetcher: FetchLike;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.session = options.session ?? null;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The current session, starting one if there is none. */
  async connect(): Promise<UserSession> {
    return this.validSession();
  }

  get currentSession(): UserSession | null {
    return this.session;
  }

  listConversations(): Promise<ConversationList> {
    return this.call<ConversationList>("listConversations");
  }

  /** The user's open conversation or a new one, optionally with a first message. */
  openConversation(firstMessage?: { body: string; idempotencyKey?: string }): Promise<ConversationResult> {
    if (!firstMessage) return this.call<ConversationResult>("openConversation", { body: {} });
    const key = firstMessage.idempotencyKey ?? newIdempotencyKey();
    return this.call<ConversationResult>("openConversation", {
      body: { message: { body: firstMessage.body } },
      headers: { "Idempotency-Key": key },
    });
  }

  /** Sends a message; pass your own key to make a send you retry later (after a restart) idempotent too. */
  sendMessage(conversationId: string, body: string, options: { idempotencyKey?: string } = {}): Promise<MessageResult> {
    const key = options.idempotencyKey ?? newIdempotencyKey();
    return this.call<MessageResult>("sendMessage", {
      id: conversationId,
      body: { body },
      headers: { "Idempotency-Key": key },
    });
  }

  listMessages(conversationId: string, options: { after?: number; limit?: number } = {}): Promise<MessageList> {
    return this.call<MessageList>("listMessages", { id: conversationId, query: options });
  }

  markRead(conversationId: string, seq: number): Promise<ReadResult> {
    return this.call<ReadResult>("markRead", { id: conversationId, body: { seq } });
  }

  /** Signs a pusher channel subscription (used by `live`). */
  authorizeChannel(socketId: string, channelName: string): Promise<RealtimeAuth> {
    return this.call<RealtimeAuth>("realtimeAuth", { body: { socket_id: socketId, channel_name: channelName } });
  }

  /** The pusher connection settings this server publishes. */
  async realtimeConfig(): Promise<RealtimeConfig> {
    const response = await this.fetcher(`${this.baseUrl}/api/realtime/config`);
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as RealtimeConfig;
  }

  /** Conversation ids the user can read, for convenience. */
  async conversations(): Promise<Conversation[]> {
    return (await this.listConversations()).conversations;
  }

  private async validSession(): Promise<UserSession> {
    const session = this.session;
    const margin = (this.options.refreshBeforeSeconds ?? 60) * 1000;
    if (session && Date.parse(session.expiresAt) - margin > Date.now()) return session;
    return this.renewSession();
  }

  /** One renewal at a time: concurrent calls wait for the same new token. */
  private renewSession(): Promise<UserSession> {
    this.pendingSession ??= this.obtainSession().finally(() => (this.pendingSession = null));
    return this.pendingSession;
  }

  private async obtainSession(): Promise<UserSession> {
    const current = this.session;
    let next: UserSession | null = null;
    if (current && Date.parse(current.refreshableUntil) > Date.now()) {
      next = await this.request<UserSession>("refreshUser", { auth: false, headers: bearer(current.token) }).catch(
        (error: unknown) => {
          if (error instanceof SwitchboardApiError && error.status === 401) return null;
          throw error;
        },
      );
    }
    if (!next) {
      const identity = (await this.options.identify?.()) ?? null;
      next = await this.request<UserSession>("createUser", {
        auth: false,
        body: { inboxToken: this.options.inboxToken, ...(identity ?? {}) },
      });
    }
    this.session = next;
    this.options.onSession?.(next);
    return next;
  }

  private async call<T>(route: RouteName, options: CallOptions = {}): Promise<T> {
    try {
      return await this.request<T>(route, options);
    } catch (error) {
      // The token was refused (revoked key, clock skew): renew once and try again.
      if (!(error instanceof SwitchboardApiError) || error.status !== 401) throw error;
      this.session = this.session && { ...this.session, expiresAt: new Date(0).toISOString() };
      await this.renewSession();
      return this.request<T>(route, options);
    }
  }

  private async request<T>(route: RouteName, options: CallOptions): Promise<T> {
    const { method } = ROUTES[route];
    let url = `${this.baseUrl}${pathOf(route, options.id)}`;
    const query = Object.entries(options.query ?? {}).filter(([, value]) => value !== undefined);
    if (query.length > 0) url += `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}`;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: "application/json", ...options.headers };
      if (options.auth !== false) Object.assign(headers, bearer((await this.validSession()).token));
      if (options.body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await this.fetcher(url, {
          method: method.toUpperCase(),
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
      } catch (cause) {
        const error = new SwitchboardApiError(0, "NETWORK_ERROR", `Could not reach Switchboard (${String(cause)})`);
        if (attempt + 1 >= this.retry.attempts) throw error;
        await sleep(backoffDelay(this.retry, attempt));
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const error = await errorOf(response);
      if (!error.retryable || attempt + 1 >= this.retry.attempts) throw error;
      await sleep(backoffDelay(this.retry, attempt, error.retryAfterSeconds));
    }
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function errorOf(response: Response): Promise<SwitchboardApiError> {
  const retryAfter = Number(response.headers.get("retry-after"));
  let body: Partial<ErrorBody> = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not our JSON (a proxy's error page): the status says enough.
  }
  return new SwitchboardApiError(
    response.status,
    body.error?.code ?? "INTERNAL_SERVER_ERROR",
    body.error?.message ?? `Switchboard answered HTTP ${response.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}
