import { percent, when } from "../format.ts";
import type { PredictionSummaryFragment } from "../gql/graphql.ts";

/**
 * One prediction as a list row, shared by history and the live feed: the drawing as sent, what the
 * model said, and what it really was.
 */
export function PredictionItem({ item }: { item: PredictionSummaryFragment }) {
  const verdict = item.correct == null ? "Unlabeled" : item.correct ? "Correct" : `Wrong, was ${item.trueLabel}`;
  return (
    <li className="prediction-row">
      <img src={item.imageUrl} alt={`Drawing read as ${item.digit}`} width={48} height={48} loading="lazy" />
      <span className="row-digit" title="Predicted digit">{item.digit}</span>
      <span className="row-main">
        <span className={`tag ${item.correct == null ? "" : item.correct ? "is-correct" : "is-wrong"}`}>{verdict}</span>
        <span className="row-meta">
          {percent(item.confidence)} · <time dateTime={item.createdAt}>{when(item.createdAt)}</time>
        </span>
      </span>
    </li>
  );
}
