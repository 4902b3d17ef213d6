import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createClient, type Client } from "graphql-ws";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { repoRoot } from "../api/src/config.ts";
import { AUTH_FAILURES_PER_MINUTE } from "../api/src/services/api-keys.service.ts";
import { startApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl } from "./helpers/fixtures.ts";
import { codes, gql } from "./helpers/graphql.ts";
import { createThrowawayDatabase, postgresAvailable } from "./helpers/postgres.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

const run = promisify(execFile);
const DELETE = "mutation($id: ID!) { deletePrediction(id: $id) }";
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** One operation over graphql-ws with these connection parameters: its data, or its error codes. */
async function overWebSocket(url: string, connectionParams: Record<string, unknown>, query: string, variables: Record<string, unknown>) {
  const client: Client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  try {
    return await new Promise<{ data?: Record<string, unknown> | null; codes: unknown[] }>((resolve, reject) => {
      let result: { data?: Record<string, unknown> | null; codes: unknown[] } = { codes: [] };
      client.subscribe(
        { query, variables },
        {
          next: (value) => { result = { data: value.data as Record<string, unknown> | null, codes: (value.errors ?? []).map((e) => e.extensions?.code) }; },
          error: (error) => (Array.isArray(error) ? resolve({ codes: error.map((e: { extensions?: { code?: string } }) => e.extensions?.code) }) : reject(error as Error)),
          complete: () => resolve(result),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe("API keys: management operations need one, public ones never do", () => {
  let server: TestServer;
  let admin = "";
  let reviewer = "";
  let revoked = "";

  beforeAll(async () => {
    server = await startTestServer();
    const keys = server.services.apiKeys;
    admin = (await keys.create("ops", "ADMIN")).key;
    reviewer = (await keys.create("checker", "REVIEWER")).key;
    revoked = (await keys.create("old-laptop", "ADMIN")).key;
    await keys.revoke("old-laptop");
  });
  afterAll(() => server?.stop());

  const predict = async (headers: Record<string, string> = {}) => {
    const res = await gql<{ predictDigit: { id: string } }>(server.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl((await canvasOfDigit(3)).png) }, headers);
    expect(res.errors).toBeUndefined();
    return res.data!.predictDigit.id;
  };
  const total = async () => (await gql<{ stats: { total: number } }>(server.url, "{ stats { total } }")).data!.stats.total;
  const exists = async (id: string) => (await gql<{ prediction: { id: string } | null }>(server.url, "query($id: ID!) { prediction(id: $id) { id } }", { id })).data!.prediction !== null;

  it("refuses a delete without a key, with a wrong, malformed or revoked key (UNAUTHENTICATED), and with a reviewer's key (FORBIDDEN); nothing changes", async () => {
    const id = await predict();
    const before = await total();
    const wrongSecret = admin.replace(/_[^_]+$/, `_${"A".repeat(43)}`);
    for (const headers of [{}, bearer(wrongSecret), bearer("dr_nothing"), { authorization: admin }, { authorization: `Basic ${admin}` }, bearer(revoked)]) {
      const res = await gql(server.url, DELETE, { id }, headers);
      expect(codes(res), JSON.stringify(headers).slice(0, 40)).toEqual(["UNAUTHENTICATED"]);
      // The message never echoes what was sent.
      expect(JSON.stringify(res)).not.toContain(admin.slice(16));
    }
    expect(codes(await gql(server.url, DELETE, { id }, bearer(reviewer)))).toEqual(["FORBIDDEN"]);
    expect(await exists(id)).toBe(true);
    expect(await total()).toBe(before);
  });

  it("lets an admin delete a prediction: its image is gone and the statistics no longer count it", async () => {
    const id = await predict();
    const before = await total();
    const res = await gql<{ deletePrediction: string }>(server.url, DELETE, { id }, bearer(admin));
    expect(res.errors).toBeUndefined();
    expect(res.data!.deletePrediction).toBe(id);
    expect(await exists(id)).toBe(false);
    expect((await fetch(`${server.origin}/predictions/${id}/image.png`)).status).toBe(404);
    expect(await total()).toBe(before - 1);
    expect(codes(await gql(server.url, DELETE, { id }, bearer(admin)))).toEqual(["NOT_FOUND"]);
  });

  it("leaves the public API as it is, whatever Authorization header comes with it", async () => {
    expect(await predict({ authorization: "Bearer not-a-key" })).toMatch(/^\d+$/);
    expect(await predict(bearer(revoked))).toMatch(/^\d+$/);
  });

  it("takes the key in graphql-ws connection parameters, with the same codes", async () => {
    const id = await predict();
    expect((await overWebSocket(server.url, {}, DELETE, { id })).codes).toEqual(["UNAUTHENTICATED"]);
    expect((await overWebSocket(server.url, { authorization: "Bearer dr_wrong" }, DELETE, { id })).codes).toEqual(["UNAUTHENTICATED"]);
    expect((await overWebSocket(server.url, bearer(reviewer), DELETE, { id })).codes).toEqual(["FORBIDDEN"]);
    expect(await exists(id)).toBe(true);
    const done = await overWebSocket(server.url, { Authorization: `Bearer ${admin}` }, DELETE, { id });
    expect(done).toEqual({ data: { deletePrediction: id }, codes: [] });
    expect(await exists(id)).toBe(false);
  });
});

describe("failed authentications", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it(`are refused with RATE_LIMITED past ${AUTH_FAILURES_PER_MINUTE} a minute from one client`, async () => {
    const { key } = await server.services.apiKeys.create("ops", "ADMIN");
    const guess = key.replace(/_[^_]+$/, `_${"B".repeat(43)}`);
    const seen: unknown[] = [];
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE + 2; i++) seen.push(...codes(await gql(server.url, DELETE, { id: "1" }, bearer(guess))));
    expect(seen.slice(0, AUTH_FAILURES_PER_MINUTE)).toEqual(Array(AUTH_FAILURES_PER_MINUTE).fill("UNAUTHENTICATED"));
    expect(seen.slice(AUTH_FAILURES_PER_MINUTE)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });
});

const withPostgres = await postgresAvailable();

describe.skipIf(!withPostgres)("npm run admin", () => {
  it("creates a key shown once and stored only as a hash, lists it without its secret, and revokes it", { timeout: 120_000 }, async () => {
    const db = await createThrowawayDatabase("digits_admin");
    const env = { ...process.env, DATABASE_URL: db.url };
    const admin = (...args: string[]) => run("npm", ["run", "--silent", "admin", "--", ...args], { cwd: repoRoot, env });
    const api = await startApiProcess({ DATABASE_URL: db.url, RATE_LIMIT_PER_MINUTE: "0" });
    try {
      const created = await admin("create-key", "ci-bot", "--role", "ADMIN");
      const key = /dr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
      expect(key).toBeDefined();
      await expect(admin("create-key", "ci-bot", "--role", "ADMIN")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("exists") });
      await expect(admin("create-key", "x", "--role", "OWNER")).rejects.toMatchObject({ code: 1 });
      await expect(admin("frobnicate")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage:") });

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ row: string }>("SELECT row_to_json(k)::text AS row FROM api_keys k");
      await client.end();
      expect(rows).toHaveLength(1);
      const secret = key!.split("_").slice(2).join("_");
      expect(rows[0]!.row).not.toContain(secret);

      const listed = (await admin("list-keys")).stdout;
      expect(listed).toMatch(/ADMIN\s+ci-bot/);
      expect(listed).not.toContain(secret);

      const id = (await gql<{ predictDigit: { id: string } }>(api.url, "mutation($i: String!) { predictDigit(image: $i) { id } }", { i: dataUrl((await canvasOfDigit(1)).png) })).data!.predictDigit.id;
      expect(codes(await gql(api.url, DELETE, { id: "999999" }, bearer(key!)))).toEqual(["NOT_FOUND"]);
      expect((await admin("revoke-key", "ci-bot")).stdout).toContain("Revoked");
      expect(codes(await gql(api.url, DELETE, { id }, bearer(key!)))).toEqual(["UNAUTHENTICATED"]);
      expect((await admin("list-keys")).stdout).toMatch(/ci-bot.*REVOKED/);
    } finally {
      await api.stop();
      await db.drop();
    }
  });
});
