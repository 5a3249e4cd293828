import { DEMO_USER, DEMO_WIDGET_TOKEN } from "@/db/seed";
import { env } from "@/server/env";
import { nonceOf } from "@/server/http/content-security-policy";
import { publicOrigin } from "@/server/http/public-origin";
import { getRuntime } from "@/server/runtime";
import { signUserId } from "@/server/services/widget/sign-user-id";

export const dynamic = "force-dynamic";

/** Inline script data: JSON that cannot close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * What the host site's page does for its signed-in user: `Switchboard('identify', …)` with a
 * userHash its server computed. `?user=dana` signs in the demo user, `?reset=1` signs out.
 */
async function hostScript(query: URLSearchParams, inboxToken: string): Promise<{ script: string; banner: string }> {
  const stub =
    "window.Switchboard=window.Switchboard||function(){(window.Switchboard.q=window.Switchboard.q||[]).push(arguments)};";
  if (query.get("reset") === "1") {
    return {
      script: `${stub}Switchboard('reset');`,
      banner: `Signed out: the chat starts as a new anonymous visitor. <a href="/demo">Continue</a>`,
    };
  }
  if (query.get("user") !== "dana") {
    return { script: "", banner: `Browsing anonymously. <a href="/demo?user=dana">Sign in as ${DEMO_USER.name}</a>` };
  }
  const runtime = await getRuntime();
  const userHash = await signUserId(runtime.db, { inboxToken, userId: DEMO_USER.externalId });
  const identity = {
    userId: DEMO_USER.externalId,
    userHash: userHash ?? undefined,
    name: DEMO_USER.name,
    email: DEMO_USER.email,
  };
  return {
    script: `${stub}Switchboard('identify',${scriptJson(identity)});`,
    banner: `Signed in as <b>${DEMO_USER.name}</b> (verified with a server-computed userHash). <a href="/demo?reset=1">Sign out</a>`,
  };
}

/** A plain HTML page, like any customer's site, that embeds the widget with its one script tag. */
export async function GET(req: Request) {
  // The snippet must name the address people reach the app at, never the server's own "localhost".
  const origin = publicOrigin(env().PUBLIC_URL, req.headers);
  const query = new URL(req.url).searchParams;
  const inbox = query.get("inbox") ?? DEMO_WIDGET_TOKEN;
  const safeInbox = inbox.replace(/[^A-Za-z0-9_-]/g, "");
  // Our own policy covers this page too; a customer's site without a CSP needs no nonce.
  const nonce = nonceOf(req.headers);
  const nonceAttribute = nonce ? ` nonce="${nonce}"` : "";
  const host = await hostScript(query, safeInbox).catch(() => ({
    script: "",
    banner: "This inbox is unknown, so the demo user cannot be signed in.",
  }));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Store — demo site</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;color:#0f172a;background:#f8fafc}
header{background:#0f172a;color:#fff;padding:18px 32px;display:flex;gap:24px;align-items:center}
header b{font-size:20px} nav a{color:#cbd5e1;margin-right:16px;text-decoration:none}
.hero{padding:64px 32px;max-width:880px}.hero h1{font-size:40px;margin:0 0 12px}.hero p{font-size:18px;color:#475569}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:20px;padding:0 32px 64px;max-width:880px}
.account{padding:10px 32px;background:#eef2ff;font-size:14px}.account a{color:#3b55e6}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:20px}.card .img{height:110px;border-radius:8px;background:linear-gradient(135deg,#c7d2fe,#fbcfe8);margin-bottom:12px}
</style>
</head>
<body>
<header><b>Acme Store</b><nav><a href="#">Shop</a><a href="#">Pricing</a><a href="#">Help</a></nav></header>
<p class="account" data-testid="demo-account">${host.banner}</p>
<section class="hero"><h1>Everything for your desk.</h1><p>This is a demo customer website. The chat bubble in the corner is the Switchboard widget, added with one script tag.</p></section>
<section class="grid"><div class="card"><div class="img"></div>Standing desk</div><div class="card"><div class="img"></div>Ergonomic chair</div><div class="card"><div class="img"></div>Monitor arm</div></section>
${host.script ? `<script${nonceAttribute}>${host.script}</script>` : ""}
<script src="${origin}/widget.js"${nonceAttribute} data-inbox="${safeInbox}" async></script>
</body>
</html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
