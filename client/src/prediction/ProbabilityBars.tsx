import { percent } from "../format.ts";

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Ten bars, always present (empty before the first prediction) so the layout never jumps. */
export function ProbabilityBars({ probabilities, digit }: { probabilities: number[] | null; digit: number | null }) {
  return (
    <ol className="bars" aria-label="Probability of each digit">
      {DIGITS.map((d) => {
        const p = probabilities?.[d] ?? 0;
        return (
          <li key={d} className={d === digit ? "is-top" : undefined}>
            <span className="bar-label">{d}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: `${p * 100}%` }} />
            </span>
            <span className="bar-value">{probabilities ? percent(p, p < 0.1 && p > 0 ? 1 : 0) : "–"}</span>
          </li>
        );
      })}
    </ol>
  );
}
