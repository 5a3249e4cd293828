import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { PayloadTooLargeError } from "@/server/errors";
import { clientAddressOf } from "@/server/http/client-address";
import { assertBodySize, errorResponse } from "@/server/http/errors";
import { authOptions } from "./options";
import { countSignInAttempt } from "./sign-in-throttle";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const MAX_AUTH_BODY_BYTES = 16 * 1024;

/**
 * next-auth's route, with the sign-in throttle in front: an attempt over the limit is
 * answered 429 with Retry-After before any password is checked, the same for every account.
 */
export async function handleAuthRequest(req: NextRequest, ctx: RouteContext): Promise<Response> {
  const { nextauth: segments } = await ctx.params;
  if (req.method !== "POST" || segments.join("/") !== "callback/credentials") {
    return NextAuth(req, ctx, authOptions());
  }
  try {
    assertBodySize(req, MAX_AUTH_BODY_BYTES);
    const body = await req.text();
    if (Buffer.byteLength(body) > MAX_AUTH_BODY_BYTES) throw new PayloadTooLargeError("Request body is too large");
    const email = new URLSearchParams(body).get("email") ?? "";
    await countSignInAttempt(email, clientAddressOf(req.headers));
    const replay = new NextRequest(req.url, { method: req.method, headers: req.headers, body });
    return await NextAuth(replay, ctx, authOptions());
  } catch (error) {
    return errorResponse(error);
  }
}
