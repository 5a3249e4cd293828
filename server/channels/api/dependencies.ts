import { env } from "@/server/env";
import { getRuntime } from "@/server/runtime";
import { createChannelRegistry } from "../registry";
import type { ApiDependencies } from "./routes";

let dependencies: Promise<ApiDependencies> | undefined;

/** The API channel's wiring over the process runtime, built once. */
export function apiDependencies(): Promise<ApiDependencies> {
  dependencies ??= getRuntime().then((runtime) => {
    const registry = createChannelRegistry({
      keys: runtime.visitorKeys,
      outbound: { allowLoopback: env().CALLBACK_URLS_ALLOW_LOOPBACK === "true" },
    });
    if (!registry.api) throw new Error("the API channel is not registered");
    return { ...runtime, adapter: registry.api };
  });
  return dependencies;
}
