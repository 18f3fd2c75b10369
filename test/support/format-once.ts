/** Formats one block on the CSV worker pool and returns: the process must then exit by itself (csv-stream.test.ts). */
import { formatOnWorker } from '../../lib/server/export/csv-workers';

const formatted = await formatOnWorker({ rows: 1, columns: [{ kind: 'int', values: Int32Array.of(5), valid: null }] });
process.stdout.write(new TextDecoder().decode(formatted.bytes));
