import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import type { PredictDigitMutation as PredictDigitResult } from "../gql/graphql.ts";
import { errorMessage } from "../api/error-message.ts";
import { PredictDigitMutation, SubmitFeedbackMutation } from "./documents.ts";

export type Prediction = PredictDigitResult["predictDigit"];

export interface PredictionState {
  prediction: Prediction | null;
  /** A prediction for the current drawing is scheduled or in flight. */
  pending: boolean;
  error: string | null;
  feedbackError: string | null;
}

/**
 * Wait this long after a stroke ends: a second stroke (the bar of a 4, the cross of a 7) usually
 * follows within it, so one digit makes one request. Every request is stored as a prediction, so a
 * shorter wait would fill history and stats with half-drawn digits.
 */
const DEBOUNCE_MS = 500;
const idle: PredictionState = { prediction: null, pending: false, error: null, feedbackError: null };

/**
 * Predicts the drawing some time after it changes and keeps only the newest answer: every schedule
 * or reset bumps a request number, and a response that comes back under an older number is dropped.
 */
export function usePrediction() {
  const [, predictDigit] = useMutation(PredictDigitMutation);
  const [, submitFeedback] = useMutation(SubmitFeedbackMutation);
  const [state, setState] = useState<PredictionState>(idle);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // This drawing's stored, unlabeled prediction: the next one of the same drawing replaces it,
  // so history and stats count each drawing once, not once per stroke.
  const replaceable = useRef<{ replaces: string; replaceToken: string } | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  const schedule = useCallback((readImage: () => string) => {
    const request = ++latest.current;
    clearTimeout(timer.current);
    setState((s) => ({ ...s, pending: true, error: null }));
    timer.current = setTimeout(async () => {
      const result = await predictDigit({ image: readImage(), ...replaceable.current });
      if (request !== latest.current) return;
      const prediction = result.data?.predictDigit;
      if (prediction) {
        const { id, trueLabel, replaceToken } = prediction;
        replaceable.current = trueLabel === null && replaceToken ? { replaces: id, replaceToken } : null;
      }
      setState((s) =>
        prediction
          ? { prediction, pending: false, error: null, feedbackError: null }
          : { ...s, pending: false, error: result.error ? errorMessage(result.error) : "No answer from the server." },
      );
    }, DEBOUNCE_MS);
  }, [predictDigit]);

  /** A new stroke started: whatever is scheduled or in flight describes an unfinished drawing. */
  const hold = useCallback(() => {
    latest.current++;
    clearTimeout(timer.current);
  }, []);

  const reset = useCallback(() => {
    latest.current++;
    replaceable.current = null;
    clearTimeout(timer.current);
    setState(idle);
  }, []);

  const giveFeedback = useCallback(async (prediction: Prediction, trueLabel: number) => {
    const before = { trueLabel: prediction.trueLabel, correct: prediction.correct };
    const patch = (id: string, fields: Pick<Prediction, "trueLabel" | "correct">, feedbackError: string | null) =>
      setState((s) => (s.prediction?.id === id ? { ...s, prediction: { ...s.prediction, ...fields }, feedbackError } : s));
    // A labeled drawing is kept as it is; more strokes on it make a new prediction.
    replaceable.current = null;
    // Shown at once; the server's answer (or an error) follows.
    patch(prediction.id, { trueLabel, correct: trueLabel === prediction.digit }, null);
    const result = await submitFeedback({ predictionId: prediction.id, trueLabel });
    const saved = result.data?.submitFeedback;
    if (saved) patch(saved.id, { trueLabel: saved.trueLabel, correct: saved.correct }, null);
    else patch(prediction.id, before, result.error ? errorMessage(result.error) : "The answer was not saved.");
  }, [submitFeedback]);

  return { state, schedule, hold, reset, giveFeedback };
}
