import type { Ref } from "react";
import { percent, when } from "../format.ts";
import type { PredictionSummaryFragment } from "../gql/graphql.ts";

interface Props {
  item: PredictionSummaryFragment;
  /** When given, the row is a button that opens the prediction. */
  onOpen?(item: PredictionSummaryFragment): void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * One prediction as a list row, shared by history and the live feed: the drawing as sent, what the
 * model said, and what it really was.
 */
export function PredictionItem({ item, onOpen, buttonRef }: Props) {
  const outcome = item.correct == null ? "Unlabeled" : item.correct ? "Correct" : `Wrong, was ${item.trueLabel}`;
  const doubt = item.verdict === "NOT_A_DIGIT" ? "not a digit · " : item.verdict === "UNSURE" ? "unsure · " : "";
  const content = (
    <>
      <img src={item.imageUrl} alt={`Drawing read as ${item.digit}`} width={48} height={48} loading="lazy" />
      <span className="row-digit" title="Predicted digit">{item.digit}</span>
      <span className="row-main">
        <span className={`tag ${item.correct == null ? "" : item.correct ? "is-correct" : "is-wrong"}`}>{outcome}</span>
        <span className="row-meta">
          {doubt}
          {percent(item.confidence)} · <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
        </span>
      </span>
    </>
  );
  return (
    <li className="prediction-row" data-prediction-id={item.id}>
      {onOpen ? (
        <button type="button" className="row-open" ref={buttonRef} onClick={() => onOpen(item)} aria-haspopup="dialog">
          {content}
        </button>
      ) : (
        content
      )}
    </li>
  );
}
