/**
 * Verdict counts per group for every reading rule set on a grid, in constant time per group.
 *
 * Each reading falls in one cell of a table: how many of the grid's confidence thresholds it
 * reaches, and how many of its not-a-digit thresholds. Summed from the corner, the table answers
 * "how many readings below this confidence and under that doubt" in one lookup, so a grid of a
 * thousand reading rule sets costs one pass over the readings, not a thousand.
 */
export class ReadingTally {
  private readonly confidenceCuts: number[];
  private readonly doubtCuts: number[];
  private readonly confidenceCell: Uint8Array;
  private readonly doubtCell: Uint8Array;
  private readonly width: number;
  private readonly cells: number;
  private readonly sums: Float64Array;

  /**
   * `confidence` and `doubt` per reading (doubt -Infinity for a model without the output),
   * `group` its group's index; the thresholds are every value the grid tries.
   */
  constructor(
    private readonly group: Uint8Array,
    private readonly groupSize: number[],
    confidence: Float64Array,
    doubt: Float64Array,
    confidenceCuts: number[],
    doubtCuts: number[],
  ) {
    this.confidenceCuts = [...new Set(confidenceCuts)].sort((a, b) => a - b);
    this.doubtCuts = [...new Set(doubtCuts)].sort((a, b) => a - b);
    const reached = (cuts: number[], value: number) => cuts.filter((cut) => value >= cut).length;
    this.confidenceCell = Uint8Array.from(confidence, (v) => reached(this.confidenceCuts, v));
    this.doubtCell = Uint8Array.from(doubt, (v) => reached(this.doubtCuts, v));
    this.width = this.doubtCuts.length + 1;
    this.cells = (this.confidenceCuts.length + 1) * this.width;
    this.sums = new Float64Array(groupSize.length * this.cells);
  }

  /**
   * Counts the readings the ink rules leave to the network (`flagged[i]` 1: the ink decided).
   * The flagged ones are each group's size less those counted.
   */
  setInk(flagged: Uint8Array): void {
    this.sums.fill(0);
    for (let i = 0; i < flagged.length; i++) {
      if (!flagged[i]) this.sums[this.group[i]! * this.cells + this.confidenceCell[i]! * this.width + this.doubtCell[i]!]!++;
    }
    // Each cell becomes the count of readings in cells at or below it on both axes.
    const rows = this.confidenceCuts.length + 1;
    for (let g = 0; g < this.groupSize.length; g++) {
      const base = g * this.cells;
      for (let c = 0; c < rows; c++) {
        for (let d = 0; d < this.width; d++) {
          const at = base + c * this.width + d;
          const left = d > 0 ? this.sums[at - 1]! : 0;
          const below = c > 0 ? this.sums[at - this.width]! : 0;
          const both = c > 0 && d > 0 ? this.sums[at - this.width - 1]! : 0;
          this.sums[at] = this.sums[at]! + left + below - both;
        }
      }
    }
  }

  /**
   * Per group, in per cent: NOT_A_DIGIT (the ink's, below `notADigitBelow`, or at or above
   * `notADigitAbove`) and UNSURE (the rest below `unsureBelow`), as readingVerdict() decides.
   */
  rates(notADigitBelow: number, unsureBelow: number, notADigitAbove: number): Array<{ notADigit: number; unsure: number }> {
    const below = this.cut(this.confidenceCuts, notADigitBelow);
    const unsure = this.cut(this.confidenceCuts, unsureBelow);
    const under = this.cut(this.doubtCuts, notADigitAbove);
    const top = this.confidenceCuts.length;
    return this.groupSize.map((size, g) => {
      const at = (c: number) => this.sums[g * this.cells + c * this.width + under]!;
      const digits = at(top) - at(below);
      const inDoubt = unsure > below ? at(unsure) - at(below) : 0;
      return { notADigit: (100 * (size - digits)) / size, unsure: (100 * inDoubt) / size };
    });
  }

  /** The cell of readings just under `threshold` (its index among the cuts). */
  private cut(cuts: number[], threshold: number): number {
    const index = cuts.indexOf(threshold);
    if (index < 0) throw new Error(`${threshold} is not a threshold of the grid`);
    return index;
  }
}
