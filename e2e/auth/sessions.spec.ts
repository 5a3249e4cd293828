import { expect, test } from "@playwright/test";
import { signInAsAgent } from "../support/actors";
import { postCredentials, rawRequest, signInOverHttp, trpcCall } from "../support/http";

const PASSWORD = "switchboard";
const ADMIN = { email: "admin@switchboard.local", password: PASSWORD };
const SAM = { email: "sam@switchboard.local", password: PASSWORD };

test.describe("sessions that end when they should", () => {
  test("an old session cookie is refused right after sign-out", async ({ baseURL }) => {
    const cookie = await signInOverHttp(baseURL!, { email: "agent@switchboard.local", password: PASSWORD });
    expect((await trpcCall(baseURL!, cookie, "workspace.members")).status).toBe(200);

    const csrf = await rawRequest(baseURL!, { path: "/api/auth/csrf", headers: { cookie } });
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const signOut = await rawRequest(baseURL!, {
      path: "/api/auth/signout",
      method: "POST",
      headers: {
        cookie,
        origin: new URL(baseURL!).origin,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    expect(signOut.status).toBeLessThan(400);

    // The browser would have dropped the cookie; an attacker who copied it replays it.
    const replay = await trpcCall(baseURL!, cookie, "workspace.members");
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)[0]?.error?.json?.message ?? JSON.parse(replay.body).error?.json?.message).toBe(
      "Please sign in",
    );
  });

  test("a removed member is refused on the next request and their live connection is dropped", async ({
    page,
    baseURL,
  }) => {
    const adminCookie = await signInOverHttp(baseURL!, ADMIN);
    const members = JSON.parse((await trpcCall(baseURL!, adminCookie, "workspace.members")).body) as {
      result: { data: { json: { userId: string; email: string }[] } };
    };
    const sam = members.result.data.json.find((member) => member.email === SAM.email);
    expect(sam).toBeDefined();

    await signInAsAgent(page, SAM);
    const samCookie = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

    const removed = await trpcCall(
      baseURL!,
      adminCookie,
      "workspace.removeMember",
      { userId: sam!.userId },
      "mutation",
    );
    expect(removed.status).toBe(200);

    expect((await trpcCall(baseURL!, samCookie, "workspace.members")).status).toBe(401);
    // The realtime server closes Sam's socket within seconds, and the page sends Sam to sign in again.
    await expect(page).toHaveURL(/\/login\?reason=session-ended/, { timeout: 10_000 });
    await expect(page.getByText("Your session has ended. Please sign in again.")).toBeVisible();
  });

  test("a role change applies on the next request", async ({ baseURL }) => {
    const adminCookie = await signInOverHttp(baseURL!, ADMIN);
    const priya = { email: "priya@switchboard.local", password: PASSWORD };
    const priyaCookie = await signInOverHttp(baseURL!, priya);
    const members = JSON.parse((await trpcCall(baseURL!, adminCookie, "workspace.members")).body) as {
      result: { data: { json: { userId: string; email: string }[] } };
    };
    const priyaId = members.result.data.json.find((member) => member.email === priya.email)!.userId;
    const asPriya = () =>
      trpcCall(
        baseURL!,
        priyaCookie,
        "workspace.changeMemberRole",
        { userId: priyaId, role: "supervisor" },
        "mutation",
      );
    expect((await asPriya()).status).toBe(403);
    await trpcCall(baseURL!, adminCookie, "workspace.changeMemberRole", { userId: priyaId, role: "admin" }, "mutation");
    expect((await asPriya()).status).toBe(200);
  });
});

test.describe("sign-in throttling", () => {
  test("an account is locked after repeated failures, with Retry-After and the same answer for unknown accounts", async ({
    baseURL,
  }) => {
    const from = "127.0.0.41";
    const jordan = { email: "jordan@switchboard.local", password: "not the password" };
    const stranger = { email: `nobody-${Date.now()}@example.test`, password: "not the password" };
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await postCredentials(baseURL!, jordan, from)).status).not.toBe(429);
      expect((await postCredentials(baseURL!, stranger, "127.0.0.42")).status).not.toBe(429);
    }
    const known = await postCredentials(baseURL!, jordan, from);
    const unknown = await postCredentials(baseURL!, stranger, "127.0.0.42");
    for (const locked of [known, unknown]) {
      expect(locked.status).toBe(429);
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(60);
    }
    expect(JSON.parse(known.body)).toEqual(JSON.parse(unknown.body));
    expect(JSON.parse(known.body).error.message).toMatch(/Too many sign-in attempts/);

    // Even the right password waits until the lock expires; other accounts are unaffected.
    const right = await postCredentials(baseURL!, { email: jordan.email, password: PASSWORD }, "127.0.0.43");
    expect(right.status).toBe(429);
    expect(await signInOverHttp(baseURL!, ADMIN, "127.0.0.43")).toMatch(/session-token=/);
  });

  test("one address is throttled after many failures across accounts", async ({ baseURL }) => {
    const from = "127.0.0.44";
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await postCredentials(
        baseURL!,
        { email: `guess-${attempt}-${Date.now()}@example.test`, password: "x" },
        from,
      );
      expect(response.status).not.toBe(429);
    }
    const blocked = await postCredentials(baseURL!, { email: `guess-last@example.test`, password: "x" }, from);
    expect(blocked.status).toBe(429);
    expect(blocked.headers["retry-after"]).toBeDefined();
    // Another address signs in normally.
    expect(await signInOverHttp(baseURL!, ADMIN, "127.0.0.45")).toMatch(/session-token=/);
  });

  test("an unknown account takes as long to refuse as a wrong password (within 20%)", async ({ baseURL }) => {
    const priya = "priya@switchboard.local";
    const time = async (email: string, from: string) => {
      const started = performance.now();
      const response = await postCredentials(baseURL!, { email, password: "wrong password" }, from);
      expect(response.status).not.toBe(429);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let round = 0; round < 4; round++) {
      known.push(await time(priya, "127.0.0.46"));
      unknown.push(await time(`ghost-${round}-${Date.now()}@example.test`, "127.0.0.47"));
    }
    // A successful sign-in clears Priya's failures for the other tests.
    await signInOverHttp(baseURL!, { email: priya, password: PASSWORD }, "127.0.0.46");
    const median = (values: number[]) =>
      values
        .sort((a, b) => a - b)
        .slice(1, 3)
        .reduce((a, b) => a + b) / 2;
    expect(Math.abs(median(unknown) - median(known)) / median(known)).toBeLessThan(0.2);
  });
});
