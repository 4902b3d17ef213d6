import { useCallback, useMemo, useState, type KeyboardEvent } from "react";
import { useMutation, useQuery } from "urql";
import { errorMessage } from "../api/error-message.ts";
import { keyProblem, storeKey, storedKey, withKey } from "./api-key.ts";
import { ApproveLabelsMutation, RejectLabelsMutation, ReviewQueueQuery } from "./documents.ts";
import { KeyForm } from "./KeyForm.tsx";

/** Labels shown at once: a screenful to decide on, then the next. */
const PAGE = 48;

/**
 * The review queue: labels people gave without a reviewer's key, each with its drawing, what the
 * model read and what the person said. Approved labels may train a model; rejected ones are taken
 * off. Keyboard: Tab and Space pick drawings, A approves and R rejects the picked ones.
 */
export function ReviewPage() {
  const [key, setKey] = useState(storedKey);
  const context = useMemo(() => withKey(key), [key]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReviewQueueQuery, variables: { first: PAGE, after: null }, context, pause: !key, requestPolicy: "network-only" });
  const [approving, approve] = useMutation(ApproveLabelsMutation);
  const [rejecting, reject] = useMutation(RejectLabelsMutation);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const items = useMemo(() => data?.reviewQueue.nodes ?? [], [data]);
  const busy = approving.fetching || rejecting.fetching;

  const decide = useCallback(
    async (decision: "approve" | "reject") => {
      const ids = items.filter((item) => picked.has(item.id)).map((item) => item.id);
      if (ids.length === 0 || busy) return;
      const { error: failure, changed } =
        decision === "approve"
          ? await approve({ ids }, context).then((r) => ({ error: r.error, changed: r.data?.approveLabels.length ?? 0 }))
          : await reject({ ids }, context).then((r) => ({ error: r.error, changed: r.data?.rejectLabels.length ?? 0 }));
      if (failure) return setNotice(keyProblem(failure.graphQLErrors[0]?.extensions?.code) ?? errorMessage(failure));
      setNotice(`${decision === "approve" ? "Approved" : "Rejected"} ${changed} label${changed === 1 ? "" : "s"}.`);
      setPicked(new Set());
      refetch({ requestPolicy: "network-only", ...context });
    },
    [items, picked, busy, approve, reject, context, refetch],
  );

  const problem = keyProblem(error?.graphQLErrors[0]?.extensions?.code);
  if (!key || problem) {
    return (
      <section className="panel review" aria-labelledby="review-heading">
        <h2 id="review-heading">Review labels</h2>
        <KeyForm problem={problem} onKey={(next) => { storeKey(next); setKey(next); }} />
      </section>
    );
  }

  const toggle = (id: string) => setPicked((now) => {
    const next = new Set(now);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "a" || event.key === "A") void decide("approve");
    if (event.key === "r" || event.key === "R") void decide("reject");
  };
  const count = items.filter((item) => picked.has(item.id)).length;

  return (
    <section className="panel review" aria-labelledby="review-heading" onKeyDown={onKeyDown}>
      <div className="panel-head">
        <h2 id="review-heading">Review labels</h2>
        <button type="button" onClick={() => { storeKey(""); setKey(""); }}>
          Forget key
        </button>
      </div>
      <p className="hint">Pick drawings (Tab, Space), then approve (A) or reject (R) their labels. Only approved labels may train a model.</p>
      <div className="review-actions">
        <button type="button" onClick={() => setPicked(new Set(count === items.length ? [] : items.map((item) => item.id)))} disabled={items.length === 0}>
          {count === items.length && items.length > 0 ? "Pick none" : "Pick all"}
        </button>
        <button type="button" onClick={() => void decide("approve")} disabled={count === 0 || busy}>
          Approve {count}
        </button>
        <button type="button" onClick={() => void decide("reject")} disabled={count === 0 || busy}>
          Reject {count}
        </button>
      </div>
      <p role="status" className="review-notice">
        {notice ?? (error ? errorMessage(error) : fetching && items.length === 0 ? "Loading…" : items.length === 0 ? "Nothing waits for review." : `${items.length}${data?.reviewQueue.pageInfo.hasNextPage ? "+" : ""} labels wait for review.`)}
      </p>
      <ul className="review-grid" aria-label="Labels waiting for review" data-testid="review-grid">
        {items.map((item) => (
          <li key={item.id} className={picked.has(item.id) ? "is-picked" : ""}>
            <label>
              <input type="checkbox" checked={picked.has(item.id)} onChange={() => toggle(item.id)} aria-label={`Drawing ${item.id}: read as ${item.digit}, labeled ${item.trueLabel}`} />
              <img src={item.imageUrl} alt="" width={84} height={84} loading="lazy" />
              <span className="review-labels">
                read <b>{item.digit}</b> · labeled <b className={item.trueLabel === item.digit ? "" : "is-different"}>{item.trueLabel}</b>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
