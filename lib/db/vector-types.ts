/**
 * How the registry's SQL types live in DuckDB vectors: each type's DuckDB type id and, for the
 * fixed-width ones, the typed array of its vector storage (BOOLEAN: one byte per value). One table
 * for the viewer's column reader and the CSV block builder.
 */
import { DuckDBTypeId } from '@duckdb/node-api';
import type { NumericArray } from '../arrow/arrow-columns';
import type { SqlType } from '../registry';

/** A typed-array constructor of vector storage. */
export type NumericArrayConstructor = { new (length: number): NumericArray; readonly BYTES_PER_ELEMENT: number };

/** Each registry SQL type's DuckDB type id and the typed array of its vector storage (none for VARCHAR, BLOB). */
export const VECTOR_TYPES: Readonly<
  Record<SqlType, { readonly id: DuckDBTypeId; readonly array?: NumericArrayConstructor }>
> = {
  VARCHAR: { id: DuckDBTypeId.VARCHAR },
  BLOB: { id: DuckDBTypeId.BLOB },
  BOOLEAN: { id: DuckDBTypeId.BOOLEAN, array: Uint8Array },
  TINYINT: { id: DuckDBTypeId.TINYINT, array: Int8Array },
  UTINYINT: { id: DuckDBTypeId.UTINYINT, array: Uint8Array },
  SMALLINT: { id: DuckDBTypeId.SMALLINT, array: Int16Array },
  USMALLINT: { id: DuckDBTypeId.USMALLINT, array: Uint16Array },
  INTEGER: { id: DuckDBTypeId.INTEGER, array: Int32Array },
  UINTEGER: { id: DuckDBTypeId.UINTEGER, array: Uint32Array },
  FLOAT: { id: DuckDBTypeId.FLOAT, array: Float32Array },
  DOUBLE: { id: DuckDBTypeId.DOUBLE, array: Float64Array },
};

/** The typed array of each numeric DuckDB type id (BOOLEAN excluded), for reading result vectors. */
export const NUMERIC_ARRAYS: Readonly<Partial<Record<DuckDBTypeId, NumericArrayConstructor>>> = Object.fromEntries(
  Object.values(VECTOR_TYPES)
    .filter((t) => t.array && t.id !== DuckDBTypeId.BOOLEAN)
    .map((t) => [t.id, t.array]),
);
