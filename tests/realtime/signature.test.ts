import PusherSdk from "pusher";
import { describe, expect, it } from "vitest";
import {
  canonicalQueryString,
  formatChannelAuth,
  md5Hex,
  verifyChannelAuth,
  verifyHttpApiRequest,
} from "@/server/realtime/signature";
import { testApp } from "./harness";

const sdk = new PusherSdk({
  appId: testApp.id,
  key: testApp.key,
  secret: testApp.secret,
  host: "127.0.0.1",
});
const socketId = "1234.5678";

describe("channel auth signatures", () => {
  it("matches what the official SDK signs for private channels", () => {
    const { auth } = sdk.authorizeChannel(socketId, "private-inbox-1");
    expect(formatChannelAuth(testApp, socketId, "private-inbox-1")).toBe(auth);
    expect(verifyChannelAuth(testApp, socketId, "private-inbox-1", auth)).toEqual({ ok: true });
  });

  it("covers presence channel_data in the signature", () => {
    const presence = sdk.authorizeChannel(socketId, "presence-lobby", {
      user_id: "u1",
      user_info: { name: "Ada" },
    });
    expect(verifyChannelAuth(testApp, socketId, "presence-lobby", presence.auth, presence.channel_data)).toEqual({
      ok: true,
    });
    const tampered = presence.channel_data?.replace("u1", "u2");
    expect(verifyChannelAuth(testApp, socketId, "presence-lobby", presence.auth, tampered).ok).toBe(false);
  });

  it("rejects another socket, another key and malformed values with a reason", () => {
    const { auth } = sdk.authorizeChannel(socketId, "private-inbox-1");
    const results = [
      verifyChannelAuth(testApp, "9.9", "private-inbox-1", auth),
      verifyChannelAuth(testApp, socketId, "private-inbox-1", auth.replace(testApp.key, "other-key")),
      verifyChannelAuth(testApp, socketId, "private-inbox-1", "no-separator"),
      verifyChannelAuth(testApp, socketId, "private-inbox-1", undefined),
    ];
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/\w+/);
    }
  });
});

describe("HTTP API request signatures", () => {
  const path = `/apps/${testApp.id}/events`;
  const body = JSON.stringify({ name: "ping", channel: "lobby", data: "{}" });

  const signedQuery = () => new URLSearchParams(sdk.createSignedQueryString({ method: "POST", path, body }));

  it("accepts a request signed by the official SDK", () => {
    expect(
      verifyHttpApiRequest({
        app: testApp,
        method: "POST",
        path,
        query: signedQuery(),
        body,
      }),
    ).toEqual({
      ok: true,
    });
  });

  it("rejects a timestamp more than 600 s away", () => {
    const query = signedQuery();
    const nowSeconds = Number(query.get("auth_timestamp")) + 601;
    const result = verifyHttpApiRequest({
      app: testApp,
      method: "POST",
      path,
      query,
      body,
      nowSeconds,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expired/i),
    });
  });

  it("rejects a body that does not match body_md5", () => {
    const result = verifyHttpApiRequest({
      app: testApp,
      method: "POST",
      path,
      query: signedQuery(),
      body: "{}",
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/body_md5/),
    });
  });

  it("rejects a wrong key, a wrong signature, another path or method", () => {
    const wrongKey = signedQuery();
    wrongKey.set("auth_key", "someone-else");
    const wrongSignature = signedQuery();
    wrongSignature.set("auth_signature", "0".repeat(64));
    const checks = [
      verifyHttpApiRequest({
        app: testApp,
        method: "POST",
        path,
        query: wrongKey,
        body,
      }),
      verifyHttpApiRequest({
        app: testApp,
        method: "POST",
        path,
        query: wrongSignature,
        body,
      }),
      verifyHttpApiRequest({
        app: testApp,
        method: "POST",
        path: `${path}x`,
        query: signedQuery(),
        body,
      }),
      verifyHttpApiRequest({
        app: testApp,
        method: "GET",
        path,
        query: signedQuery(),
        body,
      }),
    ];
    expect(checks.map((check) => check.ok)).toEqual([false, false, false, false]);
  });

  it("rejects missing auth parameters instead of throwing", () => {
    const result = verifyHttpApiRequest({
      app: testApp,
      method: "GET",
      path,
      query: new URLSearchParams(),
      body: "",
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/auth_key/),
    });
  });

  it("signs the query sorted by key, without auth_signature", () => {
    const query = new URLSearchParams("info=user_count&auth_signature=x&auth_key=k&body_md5=" + md5Hex(""));
    expect(canonicalQueryString(query)).toBe(`auth_key=k&body_md5=${md5Hex("")}&info=user_count`);
  });
});
