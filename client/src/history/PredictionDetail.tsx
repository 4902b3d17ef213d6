import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";
import { errorMessage } from "../api/error-message.ts";
import { percent } from "../format.ts";
import type { PredictionSummaryFragment } from "../gql/graphql.ts";
import { SubmitFeedbackMutation } from "../prediction/documents.ts";
import { FeedbackButtons } from "../prediction/FeedbackButtons.tsx";
import { ProbabilityBars } from "../prediction/ProbabilityBars.tsx";
import { verdictText } from "../prediction/verdict-text.ts";
import { PredictionDetailQuery } from "./documents.ts";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const reviewText = { PENDING: "waiting for a reviewer", APPROVED: "approved", REJECTED: "rejected by a reviewer" } as const;

interface Props {
  /** The row as the list shows it now: live, so a label given elsewhere shows here too. */
  summary: PredictionSummaryFragment;
  onClose(): void;
}

/**
 * One past prediction, opened from history: the drawing, the 28x28 picture the model read, all ten
 * probabilities, when and by which model version; and the buttons to label or correct it.
 */
export function PredictionDetail({ summary, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const [{ data, error }] = useQuery({ query: PredictionDetailQuery, variables: { id: summary.id } });
  const [, submitFeedback] = useMutation(SubmitFeedbackMutation);
  const [label, setLabel] = useState<{ trueLabel: number; error: string | null } | null>(null);
  const detail = data?.prediction;
  // The answer given here shows at once; the live row confirms it (or the error says why not).
  const shown =
    label && label.error === null && label.trueLabel !== summary.trueLabel
      ? { ...summary, trueLabel: label.trueLabel, correct: label.trueLabel === summary.digit }
      : summary;
  const answer = async (_: unknown, trueLabel: number) => {
    setLabel({ trueLabel, error: null });
    const result = await submitFeedback({ predictionId: summary.id, trueLabel });
    if (!result.data) setLabel({ trueLabel, error: result.error ? errorMessage(result.error) : "The answer was not saved." });
  };

  return (
    <dialog ref={dialog} className="detail" aria-labelledby="detail-heading" onClose={onClose} data-testid="prediction-detail">
      <div className="detail-head">
        <h2 id="detail-heading">
          Read as {summary.digit}
          <span className="detail-sub">{detail ? ` · ${verdictText(detail)}` : ` · ${percent(summary.confidence)}`}</span>
        </h2>
        <button type="button" className="detail-close" onClick={() => dialog.current?.close()} aria-label="Close">×</button>
      </div>
      <div className="detail-pictures">
        <figure>
          <img src={summary.imageUrl} alt={`The drawing, read as ${summary.digit}`} width={168} height={168} />
          <figcaption>The drawing</figcaption>
        </figure>
        <figure>
          {detail ? <img className="model-view" src={detail.modelInputUrl} alt="The same drawing as the model saw it: 28 by 28 pixels" width={168} height={168} /> : <span className="model-view" />}
          <figcaption>What the model saw (28×28)</figcaption>
        </figure>
      </div>
      {error && <p className="list-note" role="alert">{errorMessage(error)}</p>}
      <ProbabilityBars probabilities={detail?.probabilities ?? null} digit={summary.digit} />
      <dl className="detail-facts">
        <div>
          <dt>Made</dt>
          <dd>{dateTime.format(new Date(summary.createdAt))}</dd>
        </div>
        <div>
          <dt>Model version</dt>
          <dd><code>{detail?.modelVersion ?? "…"}</code></dd>
        </div>
        <div>
          <dt>Label</dt>
          <dd>{summary.trueLabel == null ? "none yet" : `${summary.trueLabel}${detail?.labelStatus ? `, ${reviewText[detail.labelStatus]}` : ""}`}</dd>
        </div>
      </dl>
      <FeedbackButtons prediction={shown} error={label?.error ?? null} onAnswer={answer} />
    </dialog>
  );
}
