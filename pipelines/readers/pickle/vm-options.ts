/** Options and statistics of the pickle VM (vm.ts), shared by its layers. */
import type { RecordSink } from './record-batch';

/** Replaces a value as it is stored into a dict (like JSON.parse's reviver); a replaced dict leaves the memo. */
export type Reviver = (key: unknown, value: unknown) => unknown;

/** Options of `unpickle`. */
export interface UnpickleOptions {
  /** File name for error messages. */
  readonly file: string;
  readonly reviver?: Reviver;
  /** Maximum value-stack length (default 2^20). */
  readonly maxStack?: number;
  /** Maximum MARK nesting (default 10 000). */
  readonly maxMarks?: number;
  /**
   * Receives joblib record batches decoded by the fast path (see record-batch.ts); the parent dict then
   * holds `sink.refOfRun(...)` where the general path would hold what `reviver` returns per record.
   */
  readonly recordSink?: RecordSink;
}

/** What the stream looked like, for format-variant reporting. */
export interface PickleStats {
  /** Protocol from the PROTO opcode; 0 when absent. */
  protocol: number;
  /** NumpyArrayWrapper arrays read with joblib ≥ 1.2 alignment padding / without it. */
  paddedArrays: number;
  unpaddedArrays: number;
  /** Records decoded by the fast path (record-batch.ts) rather than opcode by opcode. */
  fastRecords: number;
  /** Qualified names of the globals used. */
  readonly globals: Set<string>;
}
