import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readTextWithinLimit } from "@/server/http/body-limit";
import { clientAddressOf } from "@/server/http/client-address";
import { errorResponse } from "@/server/http/errors";
import { authOptions } from "./options";
import { countSignInAttempt } from "./sign-in-throttle";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const MAX_AUTH_BODY_BYTES = 16 * 1024;

/**
 * next-auth's route, with bodies read within a limit and the sign-in throttle in front: an
 * attempt over the limit is answered 429 with Retry-After before any password is checked,
 * the same for every account.
 */
export async function handleAuthRequest(req: NextRequest, ctx: RouteContext): Promise<Response> {
  if (req.method !== "POST") return NextAuth(req, ctx, authOptions());
  try {
    const body = await readTextWithinLimit(req, MAX_AUTH_BODY_BYTES);
    const { nextauth: segments } = await ctx.params;
    if (segments.join("/") === "callback/credentials") {
      const email = new URLSearchParams(body).get("email") ?? "";
      await countSignInAttempt(email, clientAddressOf(req.headers));
    }
    const replay = new NextRequest(req.url, { method: req.method, headers: req.headers, body });
    return await NextAuth(replay, ctx, authOptions());
  } catch (error) {
    return errorResponse(error);
  }
}
