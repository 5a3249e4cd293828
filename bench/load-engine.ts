/**
 * The concurrent send-path workload: widget visitors sending over tRPC, agents signed in
 * and listening with pusher-js on the channels the agent UI follows, and the bookkeeping
 * that tells acknowledged, received, stored, lost and duplicated messages apart.
 */
import Pusher from "pusher-js";
import { DEMO_LOGINS, DEMO_TEAMMATES, DEMO_WIDGET_TOKEN } from "@/db/seed";
import { signIn } from "./http-client";

/** The app's abuse limits would stop a benchmark visitor after a few messages. */
export const GENEROUS_LIMITS: Record<string, string> = {
  LIMIT_WIDGET_MESSAGES_PER_VISITOR: "1000000/1m",
  LIMIT_WIDGET_CONVERSATIONS_PER_ADDRESS: "1000000/1h",
  LIMIT_WIDGET_CONVERSATIONS_PER_VISITOR: "1000000/1h",
  LIMIT_WIDGET_SESSIONS_PER_ADDRESS: "1000000/1h",
  LIMIT_SIGN_IN_FAILURES_PER_ADDRESS: "1000/1m",
};

export type SendRecord = {
  clientMessageId: string;
  visitor: number;
  /** When the scheduler meant to send it (open loop) or when the visitor sent it (max mode). */
  scheduledAt: number;
  ackAt?: number;
  /** Each attempt's outcome ("200", "503 SERVICE_UNAVAILABLE", "network", "timeout") and when it came. */
  attempts: { label: string; at: number }[];
  gaveUp?: boolean;
};

type Visitor = { index: number; visitorToken: string; conversationId: string; agent: number };

type Agent = {
  index: number;
  cookie: string;
  client: Pusher;
  states: string[];
};

type WidgetSendResult = { label: string; ok: boolean; conversationId?: string; retryable: boolean };

export type LoadOptions = {
  origin: string;
  port: number;
  visitors: number;
  agents: number;
  /** Per attempt; a timed-out attempt is retried like a network error. */
  requestTimeoutMs?: number;
  /** A message whose sends keep failing is given up after this long. */
  giveUpAfterMs?: number;
  runId?: string;
};

const sleep = (msDelay: number) => new Promise((resolve) => setTimeout(resolve, msDelay));

const LOGINS = [
  DEMO_LOGINS.agent,
  DEMO_LOGINS.admin,
  ...DEMO_TEAMMATES.map((mate) => ({ email: mate.email, password: DEMO_LOGINS.agent.password })),
];

export class SendPathLoad {
  readonly records = new Map<string, SendRecord>();
  /** clientMessageId → first time the agent watching that conversation received it. */
  readonly firstReceipt = new Map<string, number>();
  /** "agent|channel|clientMessageId" → outbox event ids delivered; more than one delivery is a duplicate. */
  readonly deliveries = new Map<string, number[]>();
  readonly visitors: Visitor[] = [];
  readonly agents: Agent[] = [];
  inFlight = 0;
  skipped = 0;
  private sequence = 0;
  private readonly requestTimeoutMs: number;
  private readonly giveUpAfterMs: number;
  private readonly runId: string;

  constructor(private readonly options: LoadOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
    this.runId = options.runId ?? Date.now().toString(36);
  }

  private get origin() {
    return this.options.origin;
  }

  /** Signs the agents in, opens one widget session and conversation per visitor, subscribes. */
  async setUp(): Promise<void> {
    const config = (await (await fetch(`${this.origin}/api/realtime/config`)).json()) as { key?: string };
    if (!config.key) throw new Error("could not read the realtime key from /api/realtime/config");
    for (let index = 0; index < this.options.agents; index++) {
      const login = LOGINS[index % LOGINS.length]!;
      const cookie = await signIn(this.origin, login.email, login.password);
      const agent: Agent = { index, cookie, client: this.connect(config.key, cookie), states: [] };
      agent.client.connection.bind("state_change", ({ current }: { current: string }) => agent.states.push(current));
      this.agents.push(agent);
    }
    const workspaceId = await this.workspaceId(this.agents[0]!.cookie);
    for (const agent of this.agents) {
      await this.follow(agent, `private-workspace-${workspaceId}`);
    }
    for (let index = 0; index < this.options.visitors; index++) {
      const session = await this.trpc<{ visitorToken: string }>("widget.session", { inboxToken: DEMO_WIDGET_TOKEN });
      const opened = await this.widgetSend(session.visitorToken, `bench-${this.runId}-open-${index}`, "Hello");
      if (!opened.ok || !opened.conversationId) throw new Error(`visitor ${index} could not open a conversation`);
      const visitor = {
        index,
        visitorToken: session.visitorToken,
        conversationId: opened.conversationId,
        agent: index % this.options.agents,
      };
      this.visitors.push(visitor);
      await this.follow(this.agents[visitor.agent]!, `private-conversation-${visitor.conversationId}`);
    }
  }

  private connect(key: string, cookie: string): Pusher {
    const origin = this.origin;
    return new Pusher(key, {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: this.options.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
      channelAuthorization: {
        endpoint: `${origin}/api/realtime/auth`,
        transport: "ajax",
        customHandler: ({ socketId, channelName }, callback) => {
          fetch(`${origin}/api/realtime/auth`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: this.origin },
            body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
          })
            .then(async (response) => {
              if (!response.ok) throw new Error(`channel auth answered ${response.status}`);
              callback(null, await response.json());
            })
            .catch((error: Error) => callback(error, null));
        },
      },
    });
  }

  /** The agent UI renders the workspace id into the inbox page; the API does not expose it. */
  private async workspaceId(cookie: string): Promise<string> {
    const html = await (await fetch(`${this.origin}/inbox`, { headers: { cookie } })).text();
    const match = /workspaceId\\?":\\?"(ws_[0-9a-z]+)/.exec(html) ?? /private-workspace-(ws_[0-9a-z]+)/.exec(html);
    if (!match?.[1]) throw new Error("could not find the workspace id in the inbox page");
    return match[1];
  }

  private async follow(agent: Agent, channelName: string): Promise<void> {
    const channel = agent.client.subscribe(channelName);
    await new Promise<void>((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (error: unknown) =>
        reject(new Error(`${channelName}: ${JSON.stringify(error)}`)),
      );
    });
    channel.bind(
      "message.created",
      (data: { eventId?: number; message?: { clientMessageId?: string | null; conversationId?: string } }) => {
        const id = data.message?.clientMessageId;
        if (!id) return;
        const at = performance.now();
        const key = `${agent.index}|${channelName}|${id}`;
        this.deliveries.set(key, [...(this.deliveries.get(key) ?? []), data.eventId ?? -1]);
        const record = this.records.get(id);
        if (record && this.visitors[record.visitor]?.agent === agent.index && !this.firstReceipt.has(id))
          this.firstReceipt.set(id, at);
      },
    );
  }

  private async trpc<T>(procedure: string, input: unknown, cookie = ""): Promise<T> {
    const response = await fetch(`${this.origin}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: this.origin },
      body: JSON.stringify({ json: input }),
    });
    const payload = (await response.json()) as {
      result?: { data: { json: T } };
      error?: { json: { message: string } };
    };
    if (!payload.result) throw new Error(`${procedure} failed: ${payload.error?.json.message ?? response.status}`);
    return payload.result.data.json;
  }

  private async widgetSend(visitorToken: string, clientMessageId: string, body: string): Promise<WidgetSendResult> {
    try {
      const response = await fetch(`${this.origin}/api/trpc/widget.send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { inboxToken: DEMO_WIDGET_TOKEN, visitorToken, body, clientMessageId } }),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await response.text();
      let payload: {
        result?: { data: { json: { conversationId?: string } } };
        error?: { json?: { data?: { code?: string } } };
      } = {};
      try {
        payload = JSON.parse(text) as typeof payload;
      } catch {
        // a proxy or crash page: the status says enough
      }
      if (response.ok && payload.result)
        return { label: "200", ok: true, conversationId: payload.result.data.json.conversationId, retryable: false };
      const code = payload.error?.json?.data?.code;
      return {
        label: code ? `${response.status} ${code}` : String(response.status),
        ok: false,
        retryable: response.status >= 500,
      };
    } catch (error) {
      const name = (error as Error).name;
      return { label: name === "TimeoutError" ? "timeout" : "network", ok: false, retryable: true };
    }
  }

  /** One message, retried with the same clientMessageId on network errors and 5xx, with backoff. */
  async send(visitor: Visitor, scheduledAt: number): Promise<SendRecord> {
    const clientMessageId = `bench-${this.runId}-${visitor.index}-${this.sequence++}`;
    const record: SendRecord = { clientMessageId, visitor: visitor.index, scheduledAt, attempts: [] };
    this.records.set(clientMessageId, record);
    this.inFlight++;
    try {
      for (let attempt = 0; ; attempt++) {
        const result = await this.widgetSend(visitor.visitorToken, clientMessageId, `Load message ${clientMessageId}`);
        record.attempts.push({ label: result.label, at: performance.now() });
        if (result.ok) {
          record.ackAt = performance.now();
          return record;
        }
        if (!result.retryable || performance.now() - scheduledAt > this.giveUpAfterMs) {
          record.gaveUp = true;
          return record;
        }
        const backoff = Math.min(4_000, 200 * 2 ** attempt);
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    } finally {
      this.inFlight--;
    }
  }

  /** One visitor, one message at a time: the latency of the send path with nothing else running. */
  async sequential(count: number): Promise<number[]> {
    const visitor = this.visitors[0]!;
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const record = await this.send(visitor, start);
      if (record.ackAt) samples.push(record.ackAt - start);
    }
    return samples;
  }

  /**
   * Open loop: sends leave on schedule whether or not earlier ones returned; when
   * `maxInFlight` are outstanding the due send is skipped and counted, not queued.
   */
  async openLoop(
    rate: number,
    seconds: number,
    maxInFlight: number,
    stop?: AbortSignal,
  ): Promise<{ from: number; to: number }> {
    const start = performance.now();
    let end = start + seconds * 1000;
    const pending = new Set<Promise<SendRecord>>();
    let issued = 0;
    while (performance.now() < end) {
      if (stop?.aborted) {
        end = performance.now();
        break;
      }
      const due = Math.floor(((performance.now() - start) * rate) / 1000);
      while (issued < due) {
        const scheduledAt = start + (issued * 1000) / rate;
        const visitor = this.visitors[issued % this.visitors.length]!;
        issued++;
        if (this.inFlight >= maxInFlight) {
          this.skipped++;
          continue;
        }
        const sent = this.send(visitor, scheduledAt);
        pending.add(sent);
        void sent.then(() => pending.delete(sent));
      }
      await sleep(1);
    }
    await Promise.all(pending);
    return { from: start, to: end };
  }

  /** Closed loop: every visitor sends its next message as soon as the last one is acknowledged. */
  async maxLoop(seconds: number): Promise<{ from: number; to: number }> {
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      this.visitors.map(async (visitor) => {
        while (performance.now() < end) await this.send(visitor, performance.now());
      }),
    );
    return { from: start, to: end };
  }

  /** Waits until every acknowledged message reached its agent, or the time is up. */
  async awaitDeliveries(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const missing = [...this.records.values()].some((r) => r.ackAt && !this.firstReceipt.has(r.clientMessageId));
      if (!missing) return;
      await sleep(250);
    }
  }

  /** Every stored message of the benchmark's conversations, read back through the agent API. */
  async storedClientMessageIds(): Promise<Map<string, number>> {
    const stored = new Map<string, number>();
    const cookie = this.agents[0]!.cookie;
    for (const visitor of this.visitors) {
      let afterSeq = 0;
      for (;;) {
        const input = encodeURIComponent(
          JSON.stringify({ json: { conversationId: visitor.conversationId, afterSeq, limit: 200 } }),
        );
        const response = await fetch(`${this.origin}/api/trpc/messages.list?input=${input}`, { headers: { cookie } });
        const payload = (await response.json()) as {
          result?: {
            data: { json: { messages: { seq: number; clientMessageId: string | null }[]; hasMore: boolean } };
          };
        };
        if (!payload.result) throw new Error(`messages.list answered ${response.status}`);
        const page = payload.result.data.json;
        for (const message of page.messages)
          if (message.clientMessageId)
            stored.set(message.clientMessageId, (stored.get(message.clientMessageId) ?? 0) + 1);
        if (!page.hasMore || page.messages.length === 0) break;
        afterSeq = page.messages.at(-1)!.seq;
      }
    }
    return stored;
  }

  disconnect(): void {
    for (const agent of this.agents) agent.client.disconnect();
  }
}

export type Verdict = {
  acknowledged: number;
  gaveUp: number;
  /** Acknowledged, yet neither received by the agent nor stored: the product promise broken. */
  lost: number;
  notReceivedLive: number;
  notStored: number;
  /** Given up by the client but stored anyway (the client would retry it later). */
  storedAfterGivingUp: number;
  duplicatedStored: number;
  duplicatedReceived: number;
  /** Of those, how many were the same outbox event published twice (at-least-once delivery). */
  duplicatedReceivedSameEvent: number;
};

export async function verify(load: SendPathLoad, records: SendRecord[]): Promise<Verdict> {
  const stored = await load.storedClientMessageIds();
  let lost = 0;
  let notReceivedLive = 0;
  let notStored = 0;
  let storedAfterGivingUp = 0;
  for (const record of records) {
    const isStored = stored.has(record.clientMessageId);
    const received = load.firstReceipt.has(record.clientMessageId);
    if (record.ackAt) {
      if (!isStored && !received) lost++;
      if (!received) notReceivedLive++;
      if (!isStored) notStored++;
    } else if (isStored) storedAfterGivingUp++;
  }
  const ids = new Set(records.map((record) => record.clientMessageId));
  const duplicatedStored = [...stored].filter(([id, count]) => ids.has(id) && count > 1).length;
  let duplicatedReceived = 0;
  let duplicatedReceivedSameEvent = 0;
  for (const [key, eventIds] of load.deliveries) {
    if (eventIds.length < 2 || !ids.has(key.split("|")[2]!)) continue;
    duplicatedReceived++;
    if (new Set(eventIds).size < eventIds.length) duplicatedReceivedSameEvent++;
  }
  return {
    acknowledged: records.filter((record) => record.ackAt).length,
    gaveUp: records.filter((record) => record.gaveUp).length,
    lost,
    notReceivedLive,
    notStored,
    storedAfterGivingUp,
    duplicatedStored,
    duplicatedReceived,
    duplicatedReceivedSameEvent,
  };
}
