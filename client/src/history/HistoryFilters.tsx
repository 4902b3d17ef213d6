import type { FilterChoice } from "./filters.ts";

interface Props {
  value: FilterChoice;
  onChange(value: FilterChoice): void;
}

/** Predicted digit, labeled or not, and wrong answers only. */
export function HistoryFilters({ value, onChange }: Props) {
  return (
    <form className="filters" aria-label="Filter history" onSubmit={(e) => e.preventDefault()}>
      <label>
        Digit
        <select value={value.digit} onChange={(e) => onChange({ ...value, digit: e.target.value })}>
          <option value="">Any</option>
          {[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
            <option key={d} value={String(d)}>{d}</option>
          ))}
        </select>
      </label>
      <label>
        Feedback
        <select
          value={value.labeled}
          disabled={value.wrongOnly}
          onChange={(e) => onChange({ ...value, labeled: e.target.value as FilterChoice["labeled"] })}
        >
          <option value="all">All</option>
          <option value="labeled">Labeled</option>
          <option value="unlabeled">Unlabeled</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={value.wrongOnly} onChange={(e) => onChange({ ...value, wrongOnly: e.target.checked })} />
        Wrong only
      </label>
    </form>
  );
}
