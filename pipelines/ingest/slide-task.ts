/** What one slide's ingest needs and what it produces (passed between the main thread and workers). */
import type { SlideFeatures } from './slide-summary';

/** Input formats the pipeline reads, detected from the result file's extension. */
export type ResultFormat = 'cerberus-dat' | 'hovernet-json' | 'qupath-geojson';

/** One slide to ingest. */
export interface SlideTask {
  readonly slideId: string;
  readonly resultPath: string;
  readonly format: ResultFormat;
  readonly tissuePath?: string;
  /** Level-0 µm per pixel from the slide table, when given there. */
  readonly mpp?: number;
  /** Dataset folder. */
  readonly outDir: string;
}

/** The per-slide record kept under `<dataset>/.ingest/slides/<slide_id>.json`; its presence marks the slide done. */
export interface SlideRecord {
  readonly slideId: string;
  readonly source: string;
  readonly mpp: number;
  readonly mppSource: 'file' | 'slide-table' | 'default';
  readonly widthUm: number;
  readonly heightUm: number;
  readonly tissue: { readonly cellUm: number; readonly width: number; readonly height: number } | null;
  readonly counts: { readonly nuclei: number; readonly glands: number; readonly lumina: number };
  /** Objects dropped per kind with the reason (degenerate or self-intersecting contours). */
  readonly dropped: Record<string, { readonly degenerate: number; readonly selfIntersecting: number }>;
  readonly features: SlideFeatures;
  /** Input files with size and modification time (ms since epoch) for createdAt and provenance. */
  readonly inputs: readonly { readonly path: string; readonly bytes: number; readonly mtimeMs: number }[];
  /**
   * The slide's partition files as written (dataset-relative path, bytes, sha256, modification
   * time): finalize takes a file's hash from here while its size and mtime are unchanged, so the
   * workers hash in parallel what the manifest needs. Absent in records of older runs.
   */
  readonly outputs?: readonly WrittenFile[];
  /** Stage timings, ms. */
  readonly timings: { readonly read: number; readonly features: number; readonly write: number };
}

/** A file a slide's ingest wrote, as the manifest will list it. */
export interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly mtimeMs: number;
}

/** What a worker reports for one slide. */
export type SlideOutcome =
  | { readonly ok: true; readonly record: SlideRecord }
  | { readonly ok: false; readonly slideId: string; readonly error: string };
