/** One line of the bench table. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  /** What the value is compared with (e.g. the raw SQLite floor, or the Parse SDK's local datastore). */
  anchor?: number | string;
  /** value ÷ anchor or anchor ÷ value, as the metric says. */
  ratio?: number | string;
  /** The target from the issue, in words (e.g. "< 2 ms"). */
  goal?: string;
  /** The measurement shows the suite's promise broken (e.g. desks that did not converge): the run exits non-zero. */
  failed?: boolean;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
