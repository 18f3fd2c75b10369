/**
 * Where the pickle VM hands joblib record batches to the fast path (record-batch.ts): at the MARK of a
 * dict's batch, or at the key of its second pair (after the general path read the first record, where
 * joblib first writes the keys, globals and dtypes the others fetch from the memo). A batch the scanner
 * refuses is left to the general path untouched.
 */
import { RecordBatchScanner } from './record-batch';
import { PyDict, type Source } from './values';
import { PickleObjects } from './vm-objects';
import type { UnpickleOptions } from './vm-options';

/** The record fast path's entry points on top of the object layer. */
export class PickleBatches extends PickleObjects {
  protected readonly batches: RecordBatchScanner | undefined;

  constructor(source: Source, options: UnpickleOptions) {
    super(source, options);
    this.batches = options.recordSink && new RecordBatchScanner(this.bytes, source.view, this.memo, options.recordSink);
  }

  /** Tries the fast path on the batch this MARK starts (items for `dict`); true when it was read. */
  protected readRecordBatch(batches: RecordBatchScanner, dict: PyDict): boolean {
    if (!batches.scan(this.pos, this.maxStack - this.sp, this.maxMarks - this.marks.length)) return false;
    this.commitBatch(batches, dict);
    return true;
  }

  /**
   * At the key of a batch's second pair, tries the fast path on the rest of the batch; true when it was
   * read, with the batch's SETITEMS done.
   */
  protected readRestOfBatch(batches: RecordBatchScanner): boolean {
    const mark = this.topMark();
    if (this.marks.length === 0 || this.sp - mark !== 2) return false;
    const below = this.marks.length > 1 ? this.marks[this.marks.length - 2]! : 0;
    const dict = this.stack[mark - 1];
    if (mark - 1 < below || !(dict instanceof PyDict)) return false;
    if (!batches.scan(this.opStart, this.maxStack - this.sp, this.maxMarks - this.marks.length + 1)) return false;
    // the general path's SETITEMS for the pairs already on the stack, then the scanned ones
    this.marks.pop();
    this.opStart = batches.end - 1;
    this.setItems(dict, mark);
    this.commitBatch(batches, dict);
    return true;
  }

  /** Appends a scanned batch's rows and stores its keys, with one shared reference to them, in `dict`. */
  private commitBatch(batches: RecordBatchScanner, dict: PyDict): void {
    batches.appendRows();
    const ref = this.options.recordSink!.refOfRun(batches.firstRow, dict.size, batches.records);
    const entries = dict.entries.length === 0 ? [] : dict.entries;
    for (let i = 0; i < batches.records; i++) entries.push(batches.keys[i], ref);
    dict.entries = entries;
    if (batches.lastTupleSlot >= 0) this.lastTupleSlot = batches.lastTupleSlot;
    this.stats.paddedArrays += batches.padded;
    this.stats.unpaddedArrays += batches.unpadded;
    this.stats.fastRecords += batches.records;
    this.pos = batches.end;
  }
}
