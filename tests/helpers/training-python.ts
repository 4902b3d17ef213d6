import { execFile, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../api/src/config.ts";
import { loadMnist, mnistDigit } from "../../scripts/lib/mnist.ts";

/** The Python the training scripts run on (Debian's, which has python3-torch), as train.sh runs it. */
export const TRAINING_PYTHON = "/usr/bin/python3";

/** Whether the training Python can import every one of `modules` (tests that train skip without them). */
export function pythonHas(...modules: string[]): boolean {
  return spawnSync(TRAINING_PYTHON, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" }).status === 0;
}

const run = promisify(execFile);

/**
 * Fine-tunes the model in `base` (its graph `file` and card) on the first `count` MNIST test digits
 * for four steps, with fine_tune.py as retraining runs it, writing the result to `out`. The
 * corrections go through `work` as the raw arrays retraining hands over. A few small steps leave
 * the model reading as before, so tests can tell what fine-tuning kept and what it rebuilt.
 */
export async function fineTuneOnTestDigits(options: { base: string; file: string; work: string; out: string; count: number }): Promise<void> {
  const { base, file, work, out, count } = options;
  const test = loadMnist("test");
  const corrections = new Float32Array(count * 784);
  for (let i = 0; i < count; i++) corrections.set(mnistDigit(test, i), i * 784);
  await writeFile(path.join(work, "corrections.f32"), corrections);
  await writeFile(path.join(work, "labels.u8"), test.labels.subarray(0, count));
  await run(
    TRAINING_PYTHON,
    [
      path.join(repoRoot, "scripts", "train", "fine_tune.py"),
      "--base-onnx", path.join(base, file), "--base-card", path.join(base, "model-card.json"),
      "--corrections", path.join(work, "corrections.f32"), "--labels", path.join(work, "labels.u8"),
      "--data", `${count} test digits`, "--out", out, "--steps", "4",
    ],
    { cwd: path.join(repoRoot, "scripts", "train"), env: { ...process.env, OPENBLAS_NUM_THREADS: "1" }, maxBuffer: 1 << 24 },
  );
}
