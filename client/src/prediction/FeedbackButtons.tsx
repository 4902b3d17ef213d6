import { aDigit } from "../format.ts";
import type { Prediction } from "./usePrediction.ts";

/** What the buttons need of a prediction: the panel's own one, or one opened from history. */
type Labelable = Pick<Prediction, "digit" | "trueLabel" | "correct">;

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

interface Props<P extends Labelable> {
  prediction: P | null;
  error: string | null;
  onAnswer(prediction: P, trueLabel: number): void;
}

/** One tap says what the digit really was; tapping another digit changes the answer. */
export function FeedbackButtons<P extends Labelable>({ prediction, error, onAnswer }: Props<P>) {
  const verdict =
    error ??
    (!prediction
      ? "Tell us what you drew once there is a prediction."
      : prediction.trueLabel == null
        ? "Tap the digit you drew."
        : prediction.correct
          ? `Correct: it was ${aDigit(prediction.trueLabel)}.`
          : `Wrong: it was ${aDigit(prediction.trueLabel)}, not ${aDigit(prediction.digit)}.`);
  const tone = error ? "is-error" : prediction?.correct === true ? "is-correct" : prediction?.correct === false ? "is-wrong" : "";
  return (
    <div className="feedback">
      <h3>What digit was it?</h3>
      <div className="digit-buttons" role="group" aria-label="What digit was it?">
        {DIGITS.map((d) => (
          <button
            key={d}
            type="button"
            disabled={!prediction}
            aria-pressed={prediction?.trueLabel === d}
            onClick={() => prediction && onAnswer(prediction, d)}
          >
            {d}
          </button>
        ))}
      </div>
      <p className={`verdict ${tone}`} role="status" data-testid="feedback-verdict">
        {verdict}
      </p>
    </div>
  );
}
