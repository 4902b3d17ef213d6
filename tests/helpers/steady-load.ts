import { gql } from "./graphql.ts";

const PREDICT = "mutation($i: String!) { predictDigit(image: $i) { modelVersion } }";

export interface SteadyLoad {
  /** Each answer: when its request left, and the model version that read it. */
  answered: Array<{ startedAt: number; version: string }>;
  /** Each failed request: its errors or the transport's. */
  failed: string[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

/** One client per URL, each sending predictDigit for `image` back to back until stopped. */
export function steadyLoad(urls: string[], image: string): SteadyLoad {
  const answered: SteadyLoad["answered"] = [];
  const failed: string[] = [];
  let running = true;
  const client = async (url: string) => {
    while (running) {
      const startedAt = Date.now();
      try {
        const res = await gql<{ predictDigit: { modelVersion: string } }>(url, PREDICT, { i: image });
        if (res.errors || !res.data) failed.push(JSON.stringify(res.errors ?? res.status));
        else answered.push({ startedAt, version: res.data.predictDigit.modelVersion });
      } catch (error) {
        failed.push(String(error));
      }
    }
  };
  const clients = urls.map(client);
  return {
    answered,
    failed,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}
