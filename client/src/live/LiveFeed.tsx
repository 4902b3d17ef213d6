import { useConnectionStatus } from "../api/connection-status.ts";
import { PredictionItem } from "../prediction/PredictionItem.tsx";
import { useLiveFeed } from "./useLiveFeed.ts";

const statusText = { connecting: "Connecting…", live: "Live", offline: "Reconnecting…" } as const;

/** Everyone's predictions as they happen, newest first. */
export function LiveFeed() {
  const feed = useLiveFeed();
  const status = useConnectionStatus();
  return (
    <section className="panel live" aria-labelledby="live-heading">
      <div className="panel-head">
        <h2 id="live-heading">Live</h2>
        <span className={`connection is-${status}`} role="status">{statusText[status]}</span>
      </div>
      <ol className="prediction-list" aria-label="Predictions from everyone, newest first" data-testid="live-feed">
        {feed.length === 0 && <li className="list-note">Predictions from everyone appear here as they happen.</li>}
        {feed.map((item) => <PredictionItem key={item.id} item={item} />)}
      </ol>
    </section>
  );
}
