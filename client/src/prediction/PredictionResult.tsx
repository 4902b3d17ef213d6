import { percent } from "../format.ts";
import type { PredictionState } from "./usePrediction.ts";

/** The big digit and its confidence. Sizes are fixed in CSS so nothing moves while predicting. */
export function PredictionResult({ state }: { state: PredictionState }) {
  const { prediction, pending, error } = state;
  const status = error ?? (pending ? "Reading your digit…" : prediction ? `${percent(prediction.confidence)} confident` : "Draw a digit to start");
  // Screen readers hear the status line, so it names the digit too; the eye reads it from the box.
  const spoken = !error && !pending && prediction ? `It is a ${prediction.digit}, ` : "";
  return (
    <div className={`result${pending ? " is-pending" : ""}`} aria-busy={pending}>
      <output className="digit" data-testid="predicted-digit" data-prediction-id={prediction?.id ?? ""} aria-label="Predicted digit">
        {prediction ? String(prediction.digit) : ""}
      </output>
      <p className={`status${error ? " is-error" : ""}`} role={error ? "alert" : "status"}>
        {spoken && <span className="sr-only">{spoken}</span>}
        {status}
      </p>
    </div>
  );
}
