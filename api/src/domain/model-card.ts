/** What model-artifacts/model-card.json says about the committed model (written by scripts/train). */
export interface ModelCard {
  name: string;
  version: string;
  sha256: string;
  file: string;
  /** PyTorch weights beside the ONNX file, for fine-tuning (absent: fine-tuning starts from the ONNX graph). */
  weights?: string;
  architecture: string;
  parameters: number;
  data: string;
  /** Temperature scaling fitted on the validation split; absent on cards that predate it (then 1). */
  calibration?: { temperature: number; validationEce: number; method: string };
  testAccuracy: number;
  /** What `npm run evaluate -- --write-card` measured, per set, in per cent. */
  evaluation?: { sets: Record<string, { accuracy?: number | null; flagged?: number | null }> };
  testCorrect: number;
  testTotal: number;
  training: { epochs: number; seed: number; seconds: number; framework: string };
  input: {
    name: string;
    shape: Array<string | number>;
    dtype: string;
    normalization: { mean: number; std: number };
    preprocessing: string;
  };
  output: { name: string; shape: Array<string | number> };
  /** How the graph was stored in integers (`npm run quantize`); absent: a float graph. */
  quantization?: { weights: string; activations: string; format: string; from: string; validationAccuracy: number };
  /** A second output, one logit per image: how likely the drawing is not one digit (absent: the model has no such output). */
  notADigitOutput?: {
    name: string;
    shape: Array<string | number>;
    meaning: string;
    /** When the output is one member's doubt (`npm run ensemble -- --doubt-from`): which member, and its own temperature. */
    fromMember?: number;
    memberTemperature?: number;
  };
}
