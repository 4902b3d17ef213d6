import { Jimp } from "jimp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MnistSet } from "../scripts/lib/mnist.ts";
import { canvasOf, canvasOfDigit, dataUrl, mnistTest } from "./helpers/fixtures.ts";
import { gql } from "./helpers/graphql.ts";
import { startTestServer, type TestServer } from "./helpers/test-server.ts";

/*
 * The verdict over the API: a dot, a scribble and a "!" are not digits, a clear 7 is one, and a drawing
 * half way between a 4 and a 9 leaves the app in doubt between exactly those two. Statistics count
 * not-a-digit readings apart from the digits.
 */

interface Reading {
  id: string;
  digit: number;
  probabilities: number[];
  verdict: "CONFIDENT" | "UNSURE" | "NOT_A_DIGIT";
}

const PREDICT = "mutation($image: String!) { predictDigit(image: $image) { id digit probabilities verdict } }";
const STATS = "{ stats { total notDigits labeled correct } }";

/** Black round-nibbed ink stamped along paths (one per stroke) on a white 280 px canvas. */
async function drawPaths(paths: Array<Array<[number, number]>>, radius: number): Promise<Buffer> {
  const image = new Jimp({ width: 280, height: 280, color: 0xffffffff });
  const data = image.bitmap.data;
  const stamp = (cx: number, cy: number) => {
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if (x < 0 || y < 0 || x >= 280 || y >= 280 || (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) continue;
        const i = (y * 280 + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  };
  for (const points of paths) {
    for (let p = 0; p < points.length; p++) {
      const [x0, y0] = points[p]!;
      const [x1, y1] = points[Math.min(p + 1, points.length - 1)]!;
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
      for (let s = 0; s <= steps; s++) stamp(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps);
    }
  }
  return image.getBuffer("image/png");
}

/** MNIST test digits a and b blended, (1 - t) a + t b, on a canvas as a browser sends it. */
function blend(a: number, b: number, t: number): Promise<Buffer> {
  const set = mnistTest();
  const images = new Uint8Array(784);
  for (let i = 0; i < 784; i++) images[i] = Math.round((1 - t) * set.images[a * 784 + i]! + t * set.images[b * 784 + i]!);
  const one: MnistSet = { count: 1, images, labels: new Uint8Array([0]) };
  return canvasOf(one, 0);
}

const firstIndexOf = (digit: number) => mnistTest().labels.indexOf(digit);
const topTwo = (probabilities: number[]) => probabilities.map((p, d) => ({ p, d })).sort((x, y) => y.p - x.p).slice(0, 2).map((e) => e.d);

describe("verdicts", () => {
  let server: TestServer;
  const predict = async (png: Buffer) => {
    const { data, errors } = await gql<{ predictDigit: Reading }>(server.url, PREDICT, { image: dataUrl(png) });
    expect(errors).toBeUndefined();
    return data!.predictDigit;
  };
  const stats = async () => (await gql<{ stats: { total: number; notDigits: number; labeled: number; correct: number } }>(server.url, STATS)).data!.stats;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("calls a dot not a digit, and keeps it out of the digit statistics even when labeled", async () => {
    const before = await stats();
    const dot = await predict(await drawPaths([[[140, 140]]], 7));
    expect(dot.verdict).toBe("NOT_A_DIGIT");
    const labeled = await gql(server.url, "mutation($id: ID!) { submitFeedback(predictionId: $id, trueLabel: 0) { id trueLabel } }", { id: dot.id });
    expect(labeled.errors).toBeUndefined();
    const after = await stats();
    expect(after.total).toBe(before.total + 1);
    expect(after.notDigits).toBe(before.notDigits + 1);
    expect(after.labeled).toBe(before.labeled);
  });

  it("calls a scribble not a digit", async () => {
    const zigzag: Array<[number, number]> = [];
    for (let i = 0; i < 14; i++) zigzag.push([30 + i * 16, i % 2 === 0 ? 40 : 240], [38 + i * 16, i % 2 === 0 ? 240 : 40]);
    expect((await predict(await drawPaths([zigzag], 6))).verdict).toBe("NOT_A_DIGIT");
  });

  it("calls an exclamation mark not a digit, though its stroke alone reads as a 1", async () => {
    // The same pen for both, so that the dot is all that differs.
    const stroke: Array<[number, number]> = [[140, 30], [138, 190]];
    expect((await predict(await drawPaths([stroke], 8))).digit).toBe(1);
    expect((await predict(await drawPaths([stroke, [[137, 240]]], 8))).verdict).toBe("NOT_A_DIGIT");
  });

  it("is confident of a clear 7, and counts it with the digits", async () => {
    const before = await stats();
    const seven = await predict((await canvasOfDigit(firstIndexOf(7))).png);
    expect(seven).toMatchObject({ digit: 7, verdict: "CONFIDENT" });
    const after = await stats();
    expect(after.notDigits).toBe(before.notDigits);
    expect(after.total).toBe(before.total + 1);
  });

  it("is unsure between 4 and 9 for drawings half way from one to the other", async () => {
    const labels = mnistTest().labels;
    const firstThree = (digit: number) => [...labels.keys()].filter((i) => labels[i] === digit).slice(0, 3);
    const doubts: number[][] = [];
    for (const four of firstThree(4)) {
      for (const nine of firstThree(9)) {
        // Each morph starts as a 4 and ends as a 9; somewhere between, the drawing is both.
        expect((await predict(await blend(four, nine, 0))).digit).toBe(4);
        expect((await predict(await blend(four, nine, 1))).digit).toBe(9);
        for (let t = 0.3; t < 0.75; t += 0.05) {
          const reading = await predict(await blend(four, nine, t));
          if (reading.verdict === "UNSURE") doubts.push(topTwo(reading.probabilities).sort());
        }
      }
    }
    expect(doubts.length).toBeGreaterThan(0);
    expect(doubts).toContainEqual([4, 9]);
  });
});
