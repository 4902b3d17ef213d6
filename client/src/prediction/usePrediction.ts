import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import type { PredictDrawingMutation as PredictDrawingResult } from "../gql/graphql.ts";
import { useOnReconnect } from "../api/connection-status.ts";
import { errorMessage, isOffline, isTransient } from "../api/error-message.ts";
import { DiscardPredictionMutation, PredictDrawingMutation, SubmitFeedbackMutation } from "./documents.ts";

export type Prediction = PredictDrawingResult["predictDrawing"]["prediction"];

export interface PredictionState {
  prediction: Prediction | null;
  /** A prediction for the current drawing is scheduled or in flight. */
  pending: boolean;
  error: string | null;
  /** The failed request may work as it is (offline, server busy): the panel offers Retry. */
  retryable: boolean;
  feedbackError: string | null;
}

/**
 * Wait this long after a stroke ends: a second stroke (the bar of a 4, the cross of a 7) usually
 * follows within it, so one digit makes one request. Every request is stored as a prediction, so a
 * shorter wait would fill history and stats with half-drawn digits.
 */
const DEBOUNCE_MS = 500;
const idle: PredictionState = { prediction: null, pending: false, error: null, retryable: false, feedbackError: null };

/**
 * Predicts the drawing some time after it changes and keeps only the newest answer: every schedule
 * or reset bumps a request number, and a response that comes back under an older number is dropped
 * (and its stored prediction taken back, since no drawing on screen is its own any more). A request
 * that failed because the server could not be reached is sent again when the connection is back.
 */
export function usePrediction() {
  const [, predictDrawing] = useMutation(PredictDrawingMutation);
  const [, submitFeedback] = useMutation(SubmitFeedbackMutation);
  const [, discardPrediction] = useMutation(DiscardPredictionMutation);
  const [state, setState] = useState<PredictionState>(idle);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // This drawing's stored, unlabeled prediction: the next one of the same drawing replaces it,
  // so history and stats count each drawing once, not once per stroke; a cleared drawing takes it back.
  const replaceable = useRef<{ replaces: string; replaceToken: string } | null>(null);
  // The newest request, when it failed in a way that may pass: sent again by retry(), and at once
  // when the connection comes back if the server could not be reached.
  const failed = useRef<{ request: number; image: string; offline: boolean } | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);

  const discard = useCallback((own: { replaces: string; replaceToken: string }) => {
    void discardPrediction({ id: own.replaces, replaceToken: own.replaceToken });
  }, [discardPrediction]);

  const send = useCallback(async (request: number, image: string) => {
    failed.current = null;
    setState((s) => ({ ...s, pending: true, error: null, retryable: false }));
    const result = await predictDrawing({ image, ...replaceable.current });
    const answer = result.data?.predictDrawing;
    const prediction = answer?.prediction;
    const own = answer && answer.prediction.trueLabel === null ? { replaces: answer.prediction.id, replaceToken: answer.replaceToken } : null;
    if (request !== latest.current) {
      if (own) discard(own);
      return;
    }
    if (prediction) {
      replaceable.current = own;
      setState({ prediction, pending: false, error: null, retryable: false, feedbackError: null });
      return;
    }
    const retryable = result.error ? isTransient(result.error) : true;
    if (retryable) failed.current = { request, image, offline: result.error ? isOffline(result.error) : false };
    setState((s) => ({ ...s, pending: false, retryable, error: result.error ? errorMessage(result.error) : "No answer from the server." }));
  }, [predictDrawing, discard]);

  const schedule = useCallback((readImage: () => string) => {
    const request = ++latest.current;
    clearTimeout(timer.current);
    failed.current = null;
    setState((s) => ({ ...s, pending: true, error: null, retryable: false }));
    timer.current = setTimeout(() => void send(request, readImage()), DEBOUNCE_MS);
  }, [send]);

  /** Sends the failed request again, if it is still the newest. */
  const retry = useCallback(() => {
    const again = failed.current;
    if (again && again.request === latest.current) void send(again.request, again.image);
  }, [send]);

  // Back online: the request that could not reach the server goes again, without a new stroke.
  useOnReconnect(() => {
    if (failed.current?.offline) retry();
  });
  useEffect(() => {
    const online = () => failed.current?.offline && retry();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [retry]);

  /** A new stroke started: whatever is scheduled or in flight describes an unfinished drawing. */
  const hold = useCallback(() => {
    latest.current++;
    failed.current = null;
    clearTimeout(timer.current);
  }, []);

  /** The canvas is empty again (cleared, or undone to nothing): its unlabeled prediction goes too. */
  const reset = useCallback(() => {
    latest.current++;
    failed.current = null;
    if (replaceable.current) discard(replaceable.current);
    replaceable.current = null;
    clearTimeout(timer.current);
    setState(idle);
  }, [discard]);

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

  return { state, schedule, hold, reset, retry, giveFeedback };
}
