import { DEMO_WIDGET_TOKEN } from "@/db/seed";
import { nonceOf } from "@/server/http/content-security-policy";

export const dynamic = "force-dynamic";

/** A plain HTML page, like any customer's site, that embeds the widget with its one script tag. */
export function GET(req: Request) {
  const origin = new URL(req.url).origin;
  const inbox = new URL(req.url).searchParams.get("inbox") ?? DEMO_WIDGET_TOKEN;
  const safeInbox = inbox.replace(/[^A-Za-z0-9_-]/g, "");
  // Our own policy covers this page too; a customer's site without a CSP needs no nonce.
  const nonce = nonceOf(req.headers);
  const nonceAttribute = nonce ? ` nonce="${nonce}"` : "";
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
.card{background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:20px}.card .img{height:110px;border-radius:8px;background:linear-gradient(135deg,#c7d2fe,#fbcfe8);margin-bottom:12px}
</style>
</head>
<body>
<header><b>Acme Store</b><nav><a href="#">Shop</a><a href="#">Pricing</a><a href="#">Help</a></nav></header>
<section class="hero"><h1>Everything for your desk.</h1><p>This is a demo customer website. The chat bubble in the corner is the Switchboard widget, added with one script tag.</p></section>
<section class="grid"><div class="card"><div class="img"></div>Standing desk</div><div class="card"><div class="img"></div>Ergonomic chair</div><div class="card"><div class="img"></div>Monitor arm</div></section>
<script src="${origin}/widget.js"${nonceAttribute} data-inbox="${safeInbox}" async></script>
</body>
</html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}
