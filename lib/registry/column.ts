import type { ClassDictionaryId } from './classes';

/** DuckDB / Parquet physical types the contract uses. */
export type SqlType =
  | 'VARCHAR'
  | 'BOOLEAN'
  | 'TINYINT'
  | 'UTINYINT'
  | 'SMALLINT'
  | 'USMALLINT'
  | 'INTEGER'
  | 'UINTEGER'
  | 'FLOAT'
  | 'DOUBLE'
  | 'BLOB';

/**
 * What a column is for. `feature` columns are numeric, filterable and colourable; `class`
 * columns index a class dictionary; `category` columns hold a closed set of text levels.
 */
export type ColumnRole = 'key' | 'position' | 'geometry' | 'class' | 'feature' | 'relation' | 'category' | 'provenance';

/** One column of one table of the data contract. */
export interface ColumnDef {
  /** Column name in Parquet and SQL (snake_case; the only identifiers SQL is built from). */
  readonly name: string;
  readonly type: SqlType;
  /** Unit symbol ('µm', 'µm²', 'rad', 'per mm²', 'months', …); '' when dimensionless. */
  readonly unit: string;
  /** Short label for legends, axes and table headers. */
  readonly label: string;
  /** One or two sentences: the exact definition. */
  readonly description: string;
  readonly nullable: boolean;
  readonly role: ColumnRole;
  /** Theoretical value range when bounded (e.g. [0, 1] for solidity). */
  readonly domain?: readonly [number, number];
  /** The class dictionary of a `class` column. */
  readonly classes?: ClassDictionaryId;
  /** The allowed values of a `category` column, in display order. */
  readonly levels?: readonly string[];
  /**
   * FLOAT columns stored with this many significant mantissa bits (round to nearest), so they
   * compress; relative error ≤ 2^-(bits+1). Absent = full float32.
   */
  readonly significantBits?: number;
}

/** Builds a column definition (keeps table files short and uniform). */
export function column(
  name: string,
  type: SqlType,
  unit: string,
  label: string,
  description: string,
  extra: Partial<Pick<ColumnDef, 'nullable' | 'role' | 'domain' | 'classes' | 'levels' | 'significantBits'>> = {},
): ColumnDef {
  return {
    name,
    type,
    unit,
    label,
    description,
    nullable: extra.nullable ?? false,
    role: extra.role ?? 'feature',
    ...extra,
  };
}
