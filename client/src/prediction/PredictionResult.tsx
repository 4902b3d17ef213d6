import { aDigit } from "../format.ts";
import type { PredictionState } from "./usePrediction.ts";
import { verdictText } from "./verdict-text.ts";

/** The big digit and its confidence. Sizes are fixed in CSS so nothing moves while predicting. */
export function PredictionResult({ state, onRetry }: { state: PredictionState; onRetry(): void }) {
  const { prediction, pending, error, retryable } = state;
  const status = error ?? (pending ? "Reading your digit…" : prediction ? verdictText(prediction) : "Draw a digit to start");
  // Screen readers hear the status line, so it names the digit too when the reading is sure; the eye reads it from the box.
  const spoken = !error && !pending && prediction?.verdict === "CONFIDENT" ? `It is ${aDigit(prediction.digit)}, ` : "";
  const doubtful = prediction != null && prediction.verdict !== "CONFIDENT";
  return (
    <div className={`result${pending ? " is-pending" : ""}${doubtful ? " is-doubtful" : ""}`} aria-busy={pending}>
      <output className="digit" data-testid="predicted-digit" data-prediction-id={prediction?.id ?? ""} aria-label="Predicted digit">
        {prediction ? String(prediction.digit) : ""}
      </output>
      <p className={`status${error ? " is-error" : ""}`} role={error ? "alert" : "status"} data-testid="prediction-status">
        {spoken && <span className="sr-only">{spoken}</span>}
        {status}
      </p>
      {error && retryable && (
        <button type="button" className="retry" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
