import { signIn, trpcMutation } from "@/bench/http-client";
import { DEMO_API_TOKEN, DEMO_LOGINS } from "@/db/seed";

/**
 * The demo API inbox's identity secret, as an admin gets it: rotated under Settings → Inboxes
 * (over the app's real HTTP API), the one moment the secret is shown.
 */
export async function rotateDemoApiIdentitySecret(origin: string): Promise<string> {
  const cookie = await signIn(origin, DEMO_LOGINS.admin.email, DEMO_LOGINS.admin.password);
  const response = await fetch(`${origin}/api/trpc/inboxes.list`, { headers: { cookie } });
  const payload = (await response.json()) as { result?: { data: { json: { id: string; publicToken: string }[] } } };
  const inbox = payload.result?.data.json.find((candidate) => candidate.publicToken === DEMO_API_TOKEN);
  if (!inbox) throw new Error(`the demo API inbox is missing (${response.status})`);
  const rotated = await trpcMutation<{ secret: string }>(
    origin,
    "inboxes.rotateIdentitySecret",
    { inboxId: inbox.id },
    cookie,
  );
  return rotated.secret;
}
