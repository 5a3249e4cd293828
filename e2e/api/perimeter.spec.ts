import { request as httpRequest } from "node:http";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_AGENT, openDemoWidget, sendFromWidget, signInAsAgent } from "../support/actors";

type TrpcEnvelope<T> = { result?: { data: { json: T } }; error?: { json: { message: string } } };

const EVIL = "https://evil.example";
const MALFORMED_CALLBACKS = [
  "http://[",
  "//evil.example",
  "%",
  "https://evil.example/",
  "javascript:alert(1)",
  "/\\evil.example",
];

/** A cookie jar of its own, signed in as the demo agent the way the login form does it. */
async function signedInAgent(baseURL: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: DEMO_AGENT.email, password: DEMO_AGENT.password, json: "true" },
    headers: { origin: baseURL },
  });
  expect(response.status()).toBe(200);
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email: string } };
  expect(session.user?.email).toBe(DEMO_AGENT.email);
  return context;
}

async function csrfTokenOf(context: APIRequestContext): Promise<string> {
  return ((await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
}

/** A new widget conversation, created by a cookie-less visitor client with its visitor token. */
async function startConversation(request: APIRequestContext): Promise<string> {
  const session = await request.post("/api/trpc/widget.session", { data: { json: { inboxToken: "demo_web_widget" } } });
  const { visitorToken } = ((await session.json()) as TrpcEnvelope<{ visitorToken: string }>).result!.data.json;
  const send = await request.post("/api/trpc/widget.send", {
    data: {
      json: { inboxToken: "demo_web_widget", visitorToken, body: "Hello", clientMessageId: `perimeter-${Date.now()}` },
    },
  });
  return ((await send.json()) as TrpcEnvelope<{ conversationId: string }>).result!.data.json.conversationId;
}

async function priorityOf(agent: APIRequestContext, conversationId: string): Promise<string> {
  const input = encodeURIComponent(JSON.stringify({ json: { conversationId } }));
  const response = await agent.get(`/api/trpc/conversations.get?input=${input}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as TrpcEnvelope<{ priority: string }>).result!.data.json.priority;
}

/** A raw HTTP/1.1 request, for request targets no browser or Playwright client would send. */
function rawRequest(baseURL: string, method: string, target: string): Promise<{ status: number; location?: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path: target }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on("error", reject);
    req.end();
  });
}

function directive(policy: string | undefined, name: string): string | undefined {
  return policy
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));
}

test.describe("the HTTP perimeter of the running app", () => {
  test("a forged Host or X-Forwarded-Host never becomes a redirect target", async ({ baseURL }) => {
    const agent = await signedInAgent(baseURL!);

    const forgedHost = await agent.post("/api/auth/signout", {
      form: { csrfToken: await csrfTokenOf(agent), callbackUrl: "/login", json: "true" },
      headers: { host: "evil.example", origin: baseURL! },
      maxRedirects: 0,
    });
    expect(forgedHost.status()).toBe(400);
    expect(await forgedHost.text()).toBe("Unknown host");
    expect(forgedHost.headers()["location"]).toBeUndefined();

    const forgedForwarded = await agent.post("/api/auth/signout", {
      form: { csrfToken: await csrfTokenOf(agent), callbackUrl: "/login", json: "true" },
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", origin: baseURL! },
    });
    expect(forgedForwarded.status()).toBe(200);
    expect(((await forgedForwarded.json()) as { url: string }).url).toBe(`${baseURL}/login`);

    // Signed out again by a plain form post: the redirect goes home, not to the forged host.
    const again = await signedInAgent(baseURL!);
    const formSignOut = await again.post("/api/auth/signout", {
      form: { csrfToken: await csrfTokenOf(again), callbackUrl: `${EVIL}/phish` },
      headers: { "x-forwarded-host": "evil.example", origin: baseURL! },
      maxRedirects: 0,
    });
    expect(formSignOut.status()).toBe(302);
    expect(formSignOut.headers()["location"]).toBe(`${baseURL}/`);
  });

  test("an absolute-form request target cannot name another host, and '*' is refused", async ({ baseURL }) => {
    const foreign = await rawRequest(baseURL!, "GET", "http://evil.example/demo");
    expect(foreign.status).toBe(400);
    expect(foreign.location).toBeUndefined();
    expect((await rawRequest(baseURL!, "GET", `${baseURL}/api/health`)).status).toBe(200);
    expect((await rawRequest(baseURL!, "OPTIONS", "*")).status).toBe(400);
  });

  test("malformed or foreign callbackUrl values never cause a 500 and stay on our origin", async ({ baseURL }) => {
    const context = await playwrightRequest.newContext({ baseURL });
    for (const callbackUrl of MALFORMED_CALLBACKS) {
      const signIn = await context.get(`/api/auth/signin?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
      expect(signIn.status(), callbackUrl).toBe(302);
      const location = new URL(signIn.headers()["location"]!, baseURL);
      expect(location.origin, callbackUrl).toBe(baseURL);
      expect(location.searchParams.get("callbackUrl"), callbackUrl).toBe(`${baseURL}/`);

      const csrf = await context.get(`/api/auth/csrf?callbackUrl=${callbackUrl}`);
      expect(csrf.status(), callbackUrl).toBe(200);

      const signOut = await context.post("/api/auth/signout", {
        form: { csrfToken: await csrfTokenOf(context), callbackUrl, json: "true" },
        headers: { origin: baseURL! },
      });
      expect(signOut.status(), callbackUrl).toBe(200);
      expect(((await signOut.json()) as { url: string }).url, callbackUrl).toBe(`${baseURL}/`);

      const cookie = `next-auth.callback-url=${encodeURIComponent(callbackUrl)}`;
      const session = await context.get("/api/auth/session", { headers: { cookie } });
      expect(session.status(), callbackUrl).toBe(200);
    }

    const agent = await signedInAgent(baseURL!);
    const inbox = await agent.get("/inbox", { headers: { cookie: "next-auth.callback-url=http%3A%2F%2F%5B" } });
    expect(inbox.status()).toBe(200);
  });

  test("a forged session cookie is treated as signed out, not as an error", async ({ baseURL }) => {
    const context = await playwrightRequest.newContext({ baseURL });
    const headers = { cookie: "next-auth.session-token=forged.garbage.value" };
    const session = await context.get("/api/auth/session", { headers });
    expect(session.status()).toBe(200);
    expect(await session.json()).toEqual({});
    const inbox = await context.get("/inbox", { headers, maxRedirects: 0 });
    expect(inbox.status()).toBe(307);
    expect(inbox.headers()["location"]).toMatch(/\/login$/);
  });

  test("a cross-origin mutation with the agent's cookie is refused and changes nothing", async ({
    baseURL,
    request,
  }) => {
    const conversationId = await startConversation(request);
    const agent = await signedInAgent(baseURL!);
    const before = await priorityOf(agent, conversationId);
    expect(before).not.toBe("urgent");
    const mutation = { data: { json: { conversationId, priority: "urgent" } } };

    const crossSite = await agent.post("/api/trpc/conversations.setPriority", {
      ...mutation,
      headers: { origin: EVIL, "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status()).toBe(403);
    expect(((await crossSite.json()) as { error: { message: string } }).error.message).toContain("another website");
    const noProvenance = await agent.post("/api/trpc/conversations.setPriority", mutation);
    expect(noProvenance.status()).toBe(403);
    const channelAuth = await agent.post("/api/realtime/auth", {
      form: { socket_id: "1.2", channel_name: "private-workspace-x" },
      headers: { origin: EVIL },
    });
    expect(channelAuth.status()).toBe(403);
    expect(await priorityOf(agent, conversationId)).toBe(before);

    const sameOrigin = await agent.post("/api/trpc/conversations.setPriority", {
      ...mutation,
      headers: { origin: baseURL!, "sec-fetch-site": "same-origin" },
    });
    expect(sameOrigin.status()).toBe(200);
    expect(await priorityOf(agent, conversationId)).toBe("urgent");
  });

  test("every kind of response carries the security headers; only the widget frame may be framed", async ({
    baseURL,
    request,
  }) => {
    const agent = await signedInAgent(baseURL!);
    const responses = {
      login: await request.get("/login"),
      inbox: await agent.get("/inbox"),
      widgetFrame: await request.get("/widget/frame?inbox=demo_web_widget"),
      demo: await request.get("/demo"),
      trpc: await request.post("/api/trpc/widget.session", { data: { json: { inboxToken: "demo_web_widget" } } }),
      widgetScript: await request.get("/widget.js"),
      health: await request.get("/api/health"),
    };
    for (const [name, response] of Object.entries(responses)) {
      expect(response.status(), name).toBe(200);
      const headers = response.headers();
      expect(headers["x-content-type-options"], name).toBe("nosniff");
      expect(headers["referrer-policy"], name).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"], name).toContain("camera=()");
      expect(directive(headers["content-security-policy"], "object-src"), name).toBe("object-src 'none'");
      expect(headers["strict-transport-security"], name).toBeUndefined(); // plain http here
      if (name === "widgetFrame") {
        expect(headers["x-frame-options"], name).toBeUndefined();
        expect(directive(headers["content-security-policy"], "frame-ancestors"), name).toBe("frame-ancestors *");
      } else {
        expect(headers["x-frame-options"], name).toBe("DENY");
        expect(directive(headers["content-security-policy"], "frame-ancestors"), name).toBe("frame-ancestors 'none'");
      }
    }

    // Pages run only scripts carrying this response's nonce, and never eval in production.
    for (const name of ["login", "inbox", "widgetFrame", "demo"] as const) {
      const policy = responses[name].headers()["content-security-policy"]!;
      expect(policy, name).not.toContain("unsafe-eval");
      const nonce = /'nonce-([^']+)'/.exec(directive(policy, "script-src") ?? "")?.[1];
      expect(nonce, name).toBeTruthy();
      const scripts = (await responses[name].text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, name).toBeGreaterThan(0);
      for (const script of scripts) expect(script, name).toContain(`nonce="${nonce}"`);
    }
  });
});

/** Fails the test on any CSP violation, in the page or in the widget's iframe. */
function watchForViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|csp-violation/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

test("the demo site, the widget and the inbox work under the policy without violations", async ({ browser }) => {
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  for (const context of [visitorContext, agentContext]) {
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
  }
  const visitor = await visitorContext.newPage();
  const agent = await agentContext.newPage();
  const violations = [...[visitor, agent].map(watchForViolations)];

  const widget = await openDemoWidget(visitor);
  const text = `Under CSP ${Date.now()}`;
  await sendFromWidget(widget, text);

  await signInAsAgent(agent);
  await agent.getByTestId("conversation-item").filter({ hasText: text }).click();
  await expect(agent.getByTestId("message").filter({ hasText: text })).toBeVisible();

  await agent.goto("/logout");
  await expect(agent).toHaveURL(/\/login$/);
  await agent.goto("/inbox");
  await expect(agent).toHaveURL(/\/login$/);

  expect(violations.flat()).toEqual([]);
});
