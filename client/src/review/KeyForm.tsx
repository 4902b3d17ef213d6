import { useState, type FormEvent } from "react";

interface Props {
  problem: string | null;
  onKey(key: string): void;
}

/** Asks for a reviewer's API key (made with `npm run admin -- create-key NAME --role REVIEWER`). */
export function KeyForm({ problem, onKey }: Props) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onKey(value.trim());
  };
  return (
    <form className="key-form" onSubmit={submit}>
      <label htmlFor="api-key">Reviewer key</label>
      <input id="api-key" type="password" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} placeholder="dr_…" />
      <button type="submit" disabled={!value.trim()}>
        Open the queue
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <p className="hint">Kept in this tab only. An admin makes keys with npm run admin -- create-key NAME --role REVIEWER.</p>
    </form>
  );
}
