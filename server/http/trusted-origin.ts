/**
 * The app's own origin: PUBLIC_URL when configured, else the quickstart's http://localhost:PORT.
 * Redirects and next-auth's base URL use it instead of anything a request claims about itself.
 */
export function trustedOrigin(config: { PUBLIC_URL?: string; PORT: number | string }): string {
  return config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : `http://localhost:${config.PORT}`;
}
