import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import { pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `train.py --fat-pens` makes some of the thickest pens thicker. The default must draw the same
 * random numbers as before the option existed, or `npm run train` would no longer give the
 * served model back. Both are checked on 64 training digits through train.py's own thickness().
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy");

const SCRIPT = `
import json, torch
from train import thickness, read_idx, to_unit
digits = to_unit(read_idx("train-images-idx3-ubyte")[:64])
def pen(fat):
    gen = torch.Generator().manual_seed(5)
    return thickness(digits, gen, fat), gen
plain, after_plain = pen(False)
fat, _ = pen(True)
# The default draws one choice of pen per image, and nothing else.
gen = torch.Generator().manual_seed(5)
torch.randint(0, 6, (64,), generator=gen)
ink = lambda x: x.sum(dim=(1, 2, 3))
print(json.dumps({
    "defaultDrawsOnlyItsChoice": bool(torch.equal(after_plain.get_state(), gen.get_state())),
    "fatNeverThinner": bool((fat >= plain - 1e-6).all()),
    "thicker": int((ink(fat) > ink(plain) + 1e-3).sum()),
    "same": int((fat - plain).abs().amax(dim=(1, 2, 3)).lt(1e-6).sum()),
}))
`;

describe.skipIf(!withTorch)("training's pen thickness", () => {
  it("keeps the default's random draws, and --fat-pens only thickens some of the thickest pens", async () => {
    const { stdout } = await run(TRAINING_PYTHON, ["-c", SCRIPT], {
      cwd: path.join(repoRoot, "scripts", "train"),
      env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" },
    });
    const result = JSON.parse(stdout) as { defaultDrawsOnlyItsChoice: boolean; fatNeverThinner: boolean; thicker: number; same: number };
    expect(result.defaultDrawsOnlyItsChoice).toBe(true);
    expect(result.fatNeverThinner).toBe(true);
    // One pen in six is the thickest, and half of those get fatter: a few of 64, never most.
    expect(result.thicker).toBeGreaterThan(0);
    expect(result.same).toBeGreaterThan(48);
  }, 60_000);
});
