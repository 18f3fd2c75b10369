/** One measured figure of `npm run bench`, with the dataset it was measured on and its baseline. */
export interface BenchFigure {
  /** What was measured, e.g. "read .dat: nuclei/s". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The data it was measured on, e.g. "1 slide, 630,000 nuclei, 262 MB .dat". */
  readonly dataset: string;
  /** The same work done the plain way, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number; readonly unit: string };
  /** Target from the issue, e.g. "≥ 500,000 nuclei/s". */
  readonly target?: string;
}

/** A benchmark module: measures and returns figures; `scale` is 'smoke' | 'quick' | 'full'. */
export interface Bench {
  readonly name: string;
  readonly run: (options: { readonly scale: string; readonly workDir: string }) => Promise<readonly BenchFigure[]>;
}
