import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";
import type { ModelCard } from "../api/src/domain/model-card.ts";
import { loadMnist } from "../scripts/lib/mnist.ts";
import { logitsOf, testDigitsFor } from "./helpers/onnx-logits.ts";
import { pythonHas, TRAINING_PYTHON } from "./helpers/training-python.ts";

/*
 * `train.py --teachers` teaches a network from other networks' outputs on each batch (knowledge
 * distillation). The teacher here is the served model with its ten outputs turned by one place,
 * so that it reads a 3 as a 4; with `--distill-weight 1` the labels carry no weight, and a
 * student that learned from the teacher reads digits one place on too. One that learned from the
 * labels would read them right. The final weights are exported (`--weights final`): choosing by
 * the validation split's labels would prefer the barely trained average. The teacher keeps only
 * its ONNX graph, as a served model does.
 */
const run = promisify(execFile);
const withTorch = pythonHas("torch", "numpy", "onnx");
const DIGITS = 200;

// Rolls the ten digit outputs of every member's last dense layer (a Gemm with transB: weight rows
// are digits), through the DequantizeLinear that reads them in an integer graph.
const TURN_OUTPUTS = `
import sys, numpy as np, onnx
from onnx import numpy_helper
model = onnx.load(sys.argv[1])
stored = {t.name: t for t in model.graph.initializer}
made_by = {out: n for n in model.graph.node for out in n.output}
def sources(name):
    return [name] if name in stored else [i for i in made_by[name].input if i in stored]
for dense in [n for n in model.graph.node if n.op_type == "Gemm"]:
    for t in [stored[s] for name in dense.input[1:3] for s in sources(name)]:
        values = numpy_helper.to_array(t)
        if values.ndim and values.shape[0] == 10:
            t.CopyFrom(numpy_helper.from_array(np.roll(values, 1, axis=0), t.name))
onnx.save(model, sys.argv[2])
`;

interface DistilledCard extends ModelCard {
  training: ModelCard["training"] & { distillation?: { teachers: string[]; weight: number; temperature: number } };
}

describe.skipIf(!withTorch)("training from a teacher's outputs", () => {
  let work = "";
  let student = "";
  let card: DistilledCard;
  let teacherVersion = "";

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "digits-distillation-test-"));
    const teacher = path.join(work, "turned-teacher");
    await cp(path.join(repoRoot, "model-artifacts"), teacher, { recursive: true });
    const teacherCard = JSON.parse(await readFile(path.join(teacher, "model-card.json"), "utf8")) as ModelCard;
    teacherVersion = teacherCard.version;
    const graph = path.join(teacher, teacherCard.file);
    await run(TRAINING_PYTHON, ["-c", TURN_OUTPUTS, graph, graph]);
    student = path.join(work, "student");
    await run("npm", ["run", "--silent", "train", "--", "--architecture", "small", "--epochs", "2", "--subset", "1000", "--drawn", "0",
      "--outliers", "0", "--weights", "final", "--threads", "1", "--distill-weight", "1", "--teachers", teacher, "--out", student],
    { cwd: repoRoot, maxBuffer: 1 << 24 });
    card = JSON.parse(await readFile(path.join(student, "model-card.json"), "utf8")) as DistilledCard;
  }, 600_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("names its teachers and the blend on its card", () => {
    expect(card.training.distillation).toMatchObject({ teachers: [teacherVersion], weight: 1, temperature: 2 });
  });

  it("reads digits as its teacher does, not as the labels say", async () => {
    const logits = await logitsOf(path.join(student, card.file), testDigitsFor(card, DIGITS), DIGITS);
    const labels = loadMnist("test").labels;
    let asTeacher = 0;
    for (let i = 0; i < DIGITS; i++) {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === (labels[i]! + 1) % 10) asTeacher++;
    }
    expect(asTeacher / DIGITS).toBeGreaterThan(0.7);
    expect(card.testAccuracy).toBeLessThan(0.1);
  });
});
