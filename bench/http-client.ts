/**
 * Minimal HTTP helpers speaking tRPC's superjson wire format and next-auth's credential flow.
 * Like a browser on the app's own page they send Origin, which the app requires with cookies.
 */
export async function trpcMutation<T>(origin: string, procedure: string, input: unknown, cookie = ""): Promise<T> {
  const response = await fetch(`${origin}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin },
    body: JSON.stringify({ json: input }),
  });
  const payload = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!payload.result) throw new Error(`${procedure} failed: ${payload.error?.json.message ?? response.status}`);
  return payload.result.data.json;
}

export async function trpcQuery<T>(origin: string, procedure: string, input: unknown, cookie = ""): Promise<T> {
  const query = new URLSearchParams({ input: JSON.stringify({ json: input }) });
  const response = await fetch(`${origin}/api/trpc/${procedure}?${query}`, { headers: { cookie, origin } });
  const payload = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!payload.result) throw new Error(`${procedure} failed: ${payload.error?.json.message ?? response.status}`);
  return payload.result.data.json;
}

export async function signIn(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name.trim(), value.join("="));
    }
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrfResponse = await fetch(`${origin}/api/auth/csrf`);
  remember(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const login = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), origin },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  remember(login);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error("sign-in failed");
  return cookieHeader();
}
