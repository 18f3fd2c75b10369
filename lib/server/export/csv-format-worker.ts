/**
 * Worker-thread entry of the CSV formatter pool (csv-workers.ts): formats each block it receives
 * (row-format.ts) and sends back the bytes and the block's arrays (for reuse), all transferred.
 * No 'server-only' import: this file also runs unbundled under plain Node + tsx (tests, bench).
 */
import { parentPort } from 'node:worker_threads';
import { blockBuffers, type CsvBlock } from '../../csv/csv-block';
import { csvBytesBound, formatCsvRows } from '../../csv/row-format';

/** A job: format `block`, reply with the same `id`. */
export interface FormatRequest {
  readonly id: number;
  readonly block: CsvBlock;
}

/** The reply to a FormatRequest: the CSV bytes and the block back, or an error message. */
export type FormatReply =
  | { readonly id: number; readonly bytes: Uint8Array; readonly block: CsvBlock }
  | { readonly id: number; readonly error: string };

let scratch = new Uint8Array(0);

parentPort?.on('message', ({ id, block }: FormatRequest) => {
  try {
    const bound = csvBytesBound(block);
    if (scratch.length < bound) scratch = new Uint8Array(Math.ceil(bound * 1.25));
    const bytes = formatCsvRows(block, scratch);
    const reply: FormatReply = { id, bytes, block };
    parentPort?.postMessage(reply, [bytes.buffer as ArrayBuffer, ...blockBuffers(block)]);
  } catch (error) {
    const reply: FormatReply = { id, error: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(reply);
  }
});
