import { Client, fetchExchange } from "@urql/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

/**
 * urql's default client sends queries as GET. Apollo's CSRF prevention refuses a GET that a
 * browser could send without a preflight; one header (the README says which) lets it through.
 */
describe("GET queries from urql's default client", () => {
  let server: TestServer;
  const methods: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    methods.push(init?.method ?? "GET");
    return fetch(input, init);
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("are refused as a possible cross-site request without a preflight header", async () => {
    const client = new Client({ url: server.url, exchanges: [fetchExchange], fetch: recordingFetch });
    const result = await client.query("{ stats { total } }", {}).toPromise();
    expect(methods.at(-1)).toBe("GET");
    expect(result.data).toBeUndefined();
    expect(result.error?.message).toMatch(/Cross-Site Request Forgery/);
  });

  it("work with apollo-require-preflight, still as GET", async () => {
    const client = new Client({ url: server.url, exchanges: [fetchExchange], fetch: recordingFetch, fetchOptions: { headers: { "apollo-require-preflight": "true" } } });
    const result = await client.query("query Total { stats { total } modelInfo { version } }", {}).toPromise();
    expect(methods.at(-1)).toBe("GET");
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({ stats: { total: 0 }, modelInfo: { version: server.services.models.current().version } });
  });
});
