/** What reads a batch of 28x28 inputs: the server's Classifier, from its sources or compiled. */
export interface BatchReader {
  classifyBatch(inputs: Float32Array[]): Promise<unknown>;
}

export interface InferenceCosts {
  batch1Ms: number;
  batch32PerImageMs: number;
}

/**
 * Inference per image: `runs` runs of one input each, going through `inputs` in turn, then the
 * same number of images in batches of 32 (at least two batches).
 */
export async function inferenceCosts(reader: BatchReader, inputs: Float32Array[], runs: number): Promise<InferenceCosts> {
  let started = performance.now();
  for (let i = 0; i < runs; i++) await reader.classifyBatch([inputs[i % inputs.length]!]);
  const batch1Ms = (performance.now() - started) / runs;
  const batch = Array.from({ length: 32 }, (_, i) => inputs[i % inputs.length]!);
  const batches = Math.max(2, Math.round(runs / 32));
  started = performance.now();
  for (let i = 0; i < batches; i++) await reader.classifyBatch(batch);
  return { batch1Ms, batch32PerImageMs: (performance.now() - started) / (batches * 32) };
}
