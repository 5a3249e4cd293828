export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "usb=()",
].join(", ");

export const HSTS = "max-age=31536000; includeSubDomains";

/** The pages other sites may frame: only the chat widget's iframe. */
export function isEmbeddablePath(pathname: string): boolean {
  return pathname === "/widget/frame";
}

/** Headers every response of the custom server carries. */
export function securityHeaders(options: {
  contentSecurityPolicy: string;
  embeddable: boolean;
  https: boolean;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": options.contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
  };
  if (!options.embeddable) headers["X-Frame-Options"] = "DENY";
  if (options.https) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}
