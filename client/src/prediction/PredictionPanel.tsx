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
      {/* The 28x28 picture the model read (the same preprocessing, served by the API): why a drawing was misread. Always there, so nothing moves when a prediction comes. */}
      <details className="model-input">
        <summary>What the model saw</summary>
        {prediction ? (
          <img src={prediction.modelInputUrl} alt="Your drawing as the model saw it: 28 by 28 pixels" width={112} height={112} />
        ) : (
          <p className="list-note">Draw a digit first.</p>
        )}
      </details>
    </section>
  );
}
