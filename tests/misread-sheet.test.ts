import { Jimp } from "jimp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { INPUT_SIDE } from "../api/src/inference/preprocess.ts";
import type { EvalImage } from "../scripts/eval/eval-set.ts";
import { misreadSheet, SHEET_COLUMNS } from "../scripts/eval/misread-sheet.ts";
import { runSet, type Misread } from "../scripts/eval/run-set.ts";
import { canvasOf, indicesByDigit, mnistTest } from "../scripts/lib/canvases.ts";
import { inkPng } from "../scripts/lib/render-canvas.ts";

let classifier: Classifier;
beforeAll(async () => {
  classifier = await Classifier.load(loadConfig().modelDir);
});
afterAll(() => classifier.close());

/** The first test 7 drawn on a canvas, labelled `label`; and an empty canvas labelled 3. */
async function* images(label: number): AsyncGenerator<EvalImage> {
  const seven = indicesByDigit()[7]!;
  yield { png: await canvasOf(mnistTest(), seven), label: 7, family: "canvas", note: "a 7 labelled 7" };
  yield { png: await canvasOf(mnistTest(), seven), label, family: "canvas", note: `a 7 labelled ${label}` };
  yield { png: await inkPng(new Float64Array(280 * 280), 280, 280, "black-on-white"), label: 3, family: "blank", note: "nothing drawn" };
}

describe("an evaluation set's misreads", () => {
  it("are handed out with the network's input, or none where the image was refused", { timeout: 60_000 }, async () => {
    const misreads: Misread[] = [];
    const result = await runSet("misread", images(1), classifier, loadConfig({}), (m) => misreads.push(m));
    expect(result.correct).toBe(1);
    // Refusals are heard at once, readings when their batch is read: sorted by note to compare.
    misreads.sort((a, b) => a.note.localeCompare(b.note));
    expect(misreads.map((m) => [m.note, m.label, m.predicted])).toEqual([
      ["a 7 labelled 1", 1, 7],
      ["nothing drawn", 3, null],
    ]);
    expect(misreads[0]!.pixels).toHaveLength(INPUT_SIDE * INPUT_SIDE);
    expect(misreads[1]!.verdict).toBe("refused EMPTY_CANVAS");
    expect(misreads[1]!.pixels).toBeNull();
  });

  it("show as a sheet of inputs, in order, ten to a row, white ink on black", async () => {
    // Each input lights one quarter of itself: the top left, or the bottom right.
    const quarter = (top: boolean) =>
      Float32Array.from({ length: INPUT_SIDE * INPUT_SIDE }, (_, p) => {
        const inTop = Math.floor(p / INPUT_SIDE) < INPUT_SIDE / 2, inLeft = p % INPUT_SIDE < INPUT_SIDE / 2;
        return inTop === top && inLeft === top ? 1 : 0;
      });
    const misread = (pixels: Float32Array | null): Misread => ({ family: "f", note: "n", label: 1, predicted: 2, confidence: 0.9, verdict: "CONFIDENT", pixels });
    // Ten bottom-right inputs, a refusal, then a top-left input: two rows, the refusal left out.
    const list = [...Array.from({ length: 10 }, () => misread(quarter(false))), misread(null), misread(quarter(true))];
    const sheet = await Jimp.fromBuffer(await misreadSheet(list));
    const tile = sheet.bitmap.width / SHEET_COLUMNS;
    expect(sheet.bitmap.height).toBeGreaterThan(1.5 * tile);
    expect(sheet.bitmap.height).toBeLessThan(2.5 * tile);
    const grey = (x: number, y: number) => sheet.bitmap.data[(Math.round(y) * sheet.bitmap.width + Math.round(x)) * 4]!;
    // The first row: dark at the top left of each tile, lit at the bottom right.
    for (let column = 0; column < SHEET_COLUMNS; column++) {
      expect(grey(tile * (column + 0.15), tile * 0.15)).toBe(0);
      expect(grey(tile * (column + 0.85), tile * 0.85)).toBe(255);
    }
    // The second row holds only the last input: lit at its top left, and nothing after it.
    expect(grey(tile * 0.15, tile * 1.15)).toBe(255);
    expect(grey(tile * 0.85, tile * 1.85)).toBe(0);
    expect(grey(tile * 1.5, tile * 1.5)).not.toBe(255);
  });
});
