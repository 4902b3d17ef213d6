/**
 * npm run evaluate [-- --pipeline N]
 * Recomputes the MNIST test accuracy in Node through the server's own inference module and fails
 * when it differs from model-card.json. With --pipeline N, also renders N test digits as canvas
 * PNGs and runs them through the full decode + preprocess + classify path.
 */
import { loadConfig } from "../api/src/config.ts";
import { Classifier } from "../api/src/inference/classifier.ts";
import { loadMnist, mnistDigit } from "./lib/mnist.ts";
import { checkPipeline } from "./lib/pipeline-check.ts";

const pipelineArg = process.argv.indexOf("--pipeline");
const pipelineCount = pipelineArg > 0 ? Number(process.argv[pipelineArg + 1] ?? 1000) : 0;

const classifier = await Classifier.load(loadConfig().modelDir);
const test = loadMnist("test");
const started = performance.now();
let correct = 0;
for (let start = 0; start < test.count; start += 500) {
  const indices = Array.from({ length: Math.min(500, test.count - start) }, (_, i) => start + i);
  const results = await classifier.classifyBatch(indices.map((i) => mnistDigit(test, i)));
  results.forEach((r, k) => { if (r.digit === test.labels[indices[k]!]) correct++; });
}
const seconds = (performance.now() - started) / 1000;
const card = classifier.card;
console.log(`model ${card.name} ${card.version}: ${correct}/${test.count} = ${((100 * correct) / test.count).toFixed(2)} % on the MNIST test set (${seconds.toFixed(1)} s)`);
console.log(`model card says ${card.testCorrect}/${card.testTotal} = ${(100 * card.testAccuracy).toFixed(2)} %`);

const failed = correct !== card.testCorrect;
if (failed) console.error("MISMATCH: ONNX Runtime in Node disagrees with the model card");

if (pipelineCount > 0) {
  const indices = Array.from({ length: pipelineCount }, (_, i) => i);
  const result = await checkPipeline(test, classifier, indices);
  console.log(`full pipeline (canvas PNG -> decode -> preprocess -> classify): ${result.correct}/${result.total} = ${((100 * result.correct) / result.total).toFixed(2)} %, ${result.msPerImage.toFixed(2)} ms per image`);
  for (const m of result.mistakes) console.log(`  #${m.index}: label ${m.label}, predicted ${m.predicted}, ${m.spec.style} ${m.spec.size}px x${m.spec.scale.toFixed(1)}`);
}
await classifier.close();
process.exit(failed ? 1 : 0);
