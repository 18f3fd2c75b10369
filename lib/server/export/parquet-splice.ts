import 'server-only';
/**
 * An unfiltered object export as Parquet without re-encoding a value: for each slide (export
 * order) and each row group of its stored file, a synthesized `slide_id` chunk (the Hive partition
 * key, which the files do not hold) and the chosen column chunks copied byte for byte (ZSTD, as
 * stored), then a footer pointing at the new positions (lib/parquet/row-group-splice.ts). Reads
 * only those byte ranges, one file open at a time.
 */
import { open, type FileHandle } from 'node:fs/promises';
import {
  FILE,
  PARQUET_MAGIC,
  ParquetFileError,
  encodeFooter,
  i64,
  readParquetFooter,
  structsOf,
  type ByteRangeReader,
  type ParquetFooter,
} from '../../parquet/footer';
import { chooseColumns, isSameDeclaration, placeRowGroup, splicedMetadata } from '../../parquet/row-group-splice';
import { withFields } from '../../parquet/thrift-compact';

/** The column the splice adds in front of the stored ones. */
const SLIDE_ID = 'slide_id';
/** Largest piece read from a file and enqueued at once (bytes). */
const PIECE_BYTES = 1 << 20;

/** One slide's stored file in a spliced export. */
export interface SplicePart {
  readonly slideId: string;
  /** Absolute path of the slide's Parquet file. */
  readonly file: string;
}

/** What to splice. */
export interface SpliceInput {
  /** Stored files in export order, each with the slide id written beside its rows. */
  readonly parts: readonly SplicePart[];
  /** Stored columns to copy, in export order (after slide_id). */
  readonly columns: readonly string[];
  /** The stored file whose schema, format version and writer the output declares; every part must agree. */
  readonly schemaFile: string;
}

/** Effects and sizes, for tests. */
export interface SpliceOptions {
  readonly openFile?: (path: string) => Promise<FileHandle>;
  readonly pieceBytes?: number;
}

interface StoredFile {
  readonly handle: FileHandle;
  readonly read: ByteRangeReader;
  readonly footer: ParquetFooter;
}

/** Opens `path` and reads its footer; the handle is closed again if that fails. */
async function openStored(path: string, openFile: (path: string) => Promise<FileHandle>): Promise<StoredFile> {
  let handle: FileHandle;
  try {
    handle = await openFile(path);
  } catch (error) {
    throw new ParquetFileError(path, `cannot be opened (${(error as Error).message})`);
  }
  try {
    const read: ByteRangeReader = async (position, length) => {
      const bytes = new Uint8Array(length);
      for (let filled = 0; filled < length;) {
        const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
        if (bytesRead === 0) throw new ParquetFileError(path, `ends before byte ${position + length}`);
        filled += bytesRead;
      }
      return bytes;
    };
    return { handle, read, footer: await readParquetFooter(read, (await handle.stat()).size, path) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The bytes of the spliced file, piece by piece. */
async function* splicedPieces(
  input: SpliceInput,
  openFile: (path: string) => Promise<FileHandle>,
  pieceBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reference = await openStored(input.schemaFile, openFile);
  await reference.handle.close();
  const declared = chooseColumns(reference.footer, input.columns, input.schemaFile);
  const metadata = splicedMetadata(reference.footer, declared, SLIDE_ID);
  yield PARQUET_MAGIC.slice();
  let offset = PARQUET_MAGIC.length;
  let rows = 0;
  const rowGroups: Uint8Array[] = [];
  for (const part of input.parts) {
    const file = await openStored(part.file, openFile);
    try {
      const choice = chooseColumns(file.footer, input.columns, part.file);
      if (!isSameDeclaration(choice, declared))
        throw new ParquetFileError(part.file, `declares the exported columns unlike ${input.schemaFile}`);
      const constant = { name: SLIDE_ID, value: part.slideId };
      for (let index = 0; index < structsOf(file.footer.metadata, FILE.rowGroups).length; index++) {
        const placed = placeRowGroup(part.file, file.footer, choice, index, constant, offset, rowGroups.length);
        rowGroups.push(placed.metadata);
        yield placed.constant;
        for (const { start, length } of placed.ranges)
          for (let at = start; at < start + length; at += pieceBytes)
            yield await file.read(at, Math.min(pieceBytes, start + length - at));
        offset = placed.end;
        rows += placed.rows;
      }
    } finally {
      await file.handle.close();
    }
  }
  yield encodeFooter(withFields(metadata, { [FILE.numRows]: i64(rows) }), rowGroups);
}

/**
 * The spliced Parquet file of `input` as a byte stream. It reads as the client reads (one piece of
 * ≤ 1 MiB ahead at most) and holds one stored file open at a time; cancelling waits for a read in
 * flight, then closes the file. Memory grows only with the output footer (its row-group metadata,
 * kept encoded). A damaged stored file errors the stream with a ParquetFileError naming it (logged).
 */
export function spliceParquet(input: SpliceInput, options: SpliceOptions = {}): ReadableStream<Uint8Array> {
  const openFile = options.openFile ?? ((path: string) => open(path, 'r'));
  const pieces = splicedPieces(input, openFile, options.pieceBytes ?? PIECE_BYTES);
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await pieces.next();
          if (cancelled) return;
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          if (cancelled) return;
          // The client only sees the download break off: the reason goes to the server log.
          console.error(`[export] Parquet splice failed: ${(error as Error).message}`);
          controller.error(error);
        }
      },
      async cancel() {
        cancelled = true;
        // Queued behind a pull in flight; then runs the generator's `finally`, closing the open file.
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
