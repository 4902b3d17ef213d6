import { spawnSync } from "node:child_process";

/** The Python the training scripts run on (Debian's, which has python3-torch), as train.sh runs it. */
export const TRAINING_PYTHON = "/usr/bin/python3";

/** Whether the training Python can import every one of `modules` (tests that train skip without them). */
export function pythonHas(...modules: string[]): boolean {
  return spawnSync(TRAINING_PYTHON, ["-c", `import ${modules.join(", ")}`], { stdio: "ignore" }).status === 0;
}
