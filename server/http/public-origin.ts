/**
 * The origin visitors and API clients reach this app at, for snippets and credentials shown to
 * admins: PUBLIC_URL when configured, else the origin of the request (its host was already checked
 * against the allow-list, and forwarded headers survive only from trusted proxies).
 */
export function publicOrigin(publicUrl: string | undefined, headers: Headers): string {
  if (publicUrl) return new URL(publicUrl).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost";
  const protocol = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return new URL(`${protocol}://${host}`).origin;
}
