/**
 * ObjectFilter → SQL predicate over an object table (STYLE.md §4): identifiers only from the
 * registry, values as escaped literals of validated numbers.
 */
import { identifier, literal } from '../db/sql';
import { findColumn } from '../registry';
import type { ObjectFilter } from './object-filter';

/** A WHERE-clause body for `filter` ('TRUE' when it keeps everything). Assumes a parsed filter. */
export function filterToSql(filter: ObjectFilter, options: { except?: string } = {}): string {
  const parts: string[] = [];
  if (filter.classes !== undefined)
    parts.push(filter.classes.length === 0 ? 'FALSE' : `class_id IN (${filter.classes.map(literal).join(', ')})`);
  if (filter.tissue !== undefined)
    parts.push(filter.tissue.length === 0 ? 'FALSE' : `tissue_class IN (${filter.tissue.map(literal).join(', ')})`);
  if (filter.inGland !== undefined) parts.push(filter.inGland ? 'gland_id IS NOT NULL' : 'gland_id IS NULL');
  for (const range of filter.ranges ?? []) {
    // Cross-filtering: a feature's own histogram ignores its own range.
    if (range.feature === options.except) continue;
    if (!findColumn(filter.kind, range.feature)) throw new Error(`unknown feature ${range.feature} of ${filter.kind}`);
    const column = identifier(range.feature);
    if (range.min !== undefined) parts.push(`${column} >= ${literal(range.min)}`);
    if (range.max !== undefined) parts.push(`${column} <= ${literal(range.max)}`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
