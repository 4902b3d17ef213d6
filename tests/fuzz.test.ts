import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiProcess, type ApiProcess } from "./helpers/api-process.ts";
import { canvasOfDigit, dataUrl, pngBomb } from "./helpers/fixtures.ts";
import { prng } from "../scripts/lib/pipeline-check.ts";

type Body = { raw: string } | { query: string; variables?: Record<string, unknown> };
const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit } }";

/** A few thousand hostile requests of every kind we could think of, from a seeded generator. */
function hostileBodies(valid: Buffer, count: number, random: () => number): Body[] {
  const int = (n: number) => Math.floor(random() * n);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const corrupt = () => {
    const copy = Buffer.from(valid);
    for (let k = 0; k < 1 + int(20); k++) copy[8 + int(copy.length - 8)] = int(256);
    return copy;
  };
  const makers: Array<() => Body> = [
    () => ({ query: PREDICT, variables: { image: randomBytes(int(3000)).toString("base64") } }),
    () => ({ query: PREDICT, variables: { image: dataUrl(valid.subarray(0, int(valid.length))) } }),
    () => ({ query: PREDICT, variables: { image: dataUrl(corrupt()) } }),
    () => ({ query: PREDICT, variables: { image: dataUrl(pngBomb(2049 + int(60000), 1 + int(60000))) } }),
    () => ({ query: PREDICT, variables: { image: `data:image/svg+xml;base64,${Buffer.from(`<svg width="${int(1e6)}"/>`).toString("base64")}` } }),
    () => ({ query: PREDICT, variables: { image: [42, null, {}, [], true, "", "data:", "data:image/png;base64,"][int(8)] } }),
    () => ({ query: `{ ${Array.from({ length: 11 + int(50) }, (_, i) => `a${i}: stats { total }`).join(" ")} }` }),
    () => ({ query: `{ ${"history { edges { node { id } } } ".repeat(1 + int(3))}${"__typename ".repeat(2000 + int(500))} }` }),
    () => ({ query: `{ history(first: ${int(1e9) - 5e8}) { nodes { id } } }` }),
    () => ({ query: `{ history(after: "${randomBytes(int(40)).toString("base64")}") { nodes { id } } }` }),
    () => ({ query: `mutation { submitFeedback(predictionId: "${int(1e12)}", trueLabel: ${int(40) - 20}) { id } }` }),
    () => ({ query: `query($s: DateTimeISO) { stats(since: $s) { total } }`, variables: { s: randomBytes(8).toString("hex") } }),
    () => ({ query: `mutation($i: [String!]!) { predictDigits(images: $i) { id } }`, variables: { i: Array.from({ length: 65 + int(100) }, () => "x") } }),
    () => ({ raw: randomBytes(int(500)).toString("latin1") }),
    () => ({ raw: `{"query": "${"{".repeat(int(5000))}"}` }),
    () => ({ query: `{ ${randomBytes(int(200)).toString("latin1").replace(/["\\]/g, "")} }` }),
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}

describe("fuzzing the API with hostile requests", () => {
  let api: ApiProcess;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "digits-fuzz-"));
    api = await startApiProcess({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: "0" });
  });
  afterAll(async () => {
    await api?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("answers every one with a coded error, stores nothing, keeps memory bounded and keeps serving", { timeout: 300_000 }, async () => {
    const { png, label } = await canvasOfDigit(5);
    const bodies = hostileBodies(png, 2400, prng(7));
    const rss = async () => Number(/process_resident_memory_bytes (\d+)/.exec(await (await fetch(`${api.origin}/metrics`)).text())![1]);
    const startRss = await rss();
    let peakRss = startRss;
    const byCode = new Map<string, number>();
    const uncoded: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: "raw" in body ? body.raw : JSON.stringify(body) });
        const json = (await res.json().catch(() => null)) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } | null;
        const code = json?.errors?.[0]?.extensions?.code;
        if (!code || res.status >= 500) uncoded.push(`${res.status} ${JSON.stringify(json).slice(0, 200)} <- ${JSON.stringify(body).slice(0, 120)}`);
        byCode.set(code ?? `HTTP ${res.status}`, (byCode.get(code ?? `HTTP ${res.status}`) ?? 0) + 1);
        if (next % 200 === 0) peakRss = Math.max(peakRss, await rss());
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    peakRss = Math.max(peakRss, await rss());
    console.log(`fuzz: ${bodies.length} requests, by code ${JSON.stringify(Object.fromEntries(byCode))}, rss ${(startRss / 2 ** 20).toFixed(0)} -> peak ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

    expect(uncoded, uncoded.join("\n")).toEqual([]);
    expect(peakRss - startRss).toBeLessThan(400 * 2 ** 20);
    const stats = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ stats { total } }" }) });
    expect(await stats.json()).toEqual({ data: { stats: { total: 0 } } });
    const ok = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: PREDICT, variables: { image: dataUrl(png) } }) });
    expect(((await ok.json()) as { data: { predictDigit: { digit: number } } }).data.predictDigit.digit).toBe(label);
    expect(api.child.exitCode).toBeNull();
  });
});
