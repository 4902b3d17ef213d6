import { FeedbackButtons } from "./FeedbackButtons.tsx";
import { PredictionResult } from "./PredictionResult.tsx";
import { ProbabilityBars } from "./ProbabilityBars.tsx";
import type { Prediction, PredictionState } from "./usePrediction.ts";

interface Props {
  state: PredictionState;
  onAnswer(prediction: Prediction, trueLabel: number): void;
  onRetry(): void;
}

/** What the model read, how sure it is, and the place to correct it. */
export function PredictionPanel({ state, onAnswer, onRetry }: Props) {
  const { prediction } = state;
  return (
    <section className="panel prediction" aria-labelledby="prediction-heading">
      <h2 id="prediction-heading">Prediction</h2>
      <div className="prediction-body">
        <PredictionResult state={state} onRetry={onRetry} />
        <ProbabilityBars probabilities={prediction?.probabilities ?? null} digit={prediction?.digit ?? null} />
      </div>
      <FeedbackButtons prediction={prediction} error={state.feedbackError} onAnswer={onAnswer} />
    </section>
  );
}
