"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import superjson from "superjson";
import { CLIENT_MAX_URL_LENGTH, MAX_TRPC_BATCH_SIZE } from "@/server/trpc/limits";
import type { AppRouter } from "@/server/trpc/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const isUnauthorized = (error: unknown) =>
  error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";

function makeQueryClient(onUnauthorized?: () => void) {
  const watch = (error: unknown) => {
    if (onUnauthorized && isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: watch }),
    mutationCache: new MutationCache({ onError: watch }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (count, error) => !isUnauthorized(error) && count < 1,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * `onUnauthorized` runs when any call is refused for want of a session (signed out
 * elsewhere, removed, expired), so an agent page can send its user to sign in again.
 */
export function TrpcProviders({
  children,
  onUnauthorized,
}: {
  children: React.ReactNode;
  onUnauthorized?: () => void;
}) {
  const [queryClient] = useState(() => makeQueryClient(onUnauthorized));
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          maxItems: MAX_TRPC_BATCH_SIZE,
          maxURLLength: CLIENT_MAX_URL_LENGTH,
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
