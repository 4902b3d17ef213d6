import { createClient as createWsClient } from "graphql-ws";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";

// Same origin as the page: the API serves this app, and `vite dev` proxies /graphql (ws too).
const httpUrl = "/graphql";
const wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;

export const wsClient = createWsClient({
  url: wsUrl,
  // A phone that sleeps or a server that restarts must not end the live feed for good.
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
  // Back within seconds of a server restart (the default backoff grows to half a minute and more).
  retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(4000, 500 * 2 ** retries) + Math.random() * 500)),
});

export const client = new Client({
  url: httpUrl,
  // Apollo's CSRF prevention rejects GET queries without a preflight header: always POST JSON.
  preferGetMethod: false,
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? "" };
        return {
          subscribe(sink) {
            const unsubscribe = wsClient.subscribe(input, sink);
            return { unsubscribe };
          },
        };
      },
    }),
  ],
});
