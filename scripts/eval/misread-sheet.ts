import { Jimp } from "jimp";
import { INPUT_SIDE } from "../../api/src/inference/preprocess.ts";
import type { Misread } from "./run-set.ts";

/** Each input pixel as a block this many pixels wide: large enough to read a digit by eye. */
const ZOOM = 4;
const GAP = 4;
export const SHEET_COLUMNS = 10;

/**
 * The network inputs of `misreads`, white ink on black, in rows of ten in the order given (the
 * n-th tile is the n-th misread that has an input). Looked at without labels first, they show
 * which misreads a person would read as the network did: those drawings no longer show their
 * label, and no better network reads them "right".
 */
export async function misreadSheet(misreads: Array<Pick<Misread, "pixels">>): Promise<Buffer> {
  const inputs = misreads.flatMap((m) => (m.pixels ? [m.pixels] : []));
  const tile = INPUT_SIDE * ZOOM + GAP;
  const rows = Math.max(1, Math.ceil(inputs.length / SHEET_COLUMNS));
  const sheet = new Jimp({ width: SHEET_COLUMNS * tile + GAP, height: rows * tile + GAP, color: 0x505050ff });
  const data = sheet.bitmap.data;
  inputs.forEach((pixels, n) => {
    const left = GAP + (n % SHEET_COLUMNS) * tile, top = GAP + Math.floor(n / SHEET_COLUMNS) * tile;
    for (let y = 0; y < INPUT_SIDE * ZOOM; y++) {
      for (let x = 0; x < INPUT_SIDE * ZOOM; x++) {
        const level = Math.round(255 * Math.min(1, Math.max(0, pixels[Math.floor(y / ZOOM) * INPUT_SIDE + Math.floor(x / ZOOM)]!)));
        const i = ((top + y) * sheet.bitmap.width + left + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = level;
        data[i + 3] = 255;
      }
    }
  });
  return sheet.getBuffer("image/png");
}
