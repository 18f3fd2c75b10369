/**
 * Reading loosely-typed pickle values (numpy arrays, numpy scalars, Python numbers, lists, tuples)
 * as JS numbers, for the Cerberus `.dat` reader. Each returns undefined when the value has the wrong form.
 */
import { readScalar } from './pickle/numpy';
import { NdArray, PyList } from './pickle/values';

/** The items of a tuple or list, else undefined. */
export function asSequence(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (value instanceof PyList) return value.items;
  return undefined;
}

/** A number from a Python int/float, a numpy scalar or a one-element numeric array; bool is not a number. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof NdArray && value.size === 1 && value.dtype.kind !== 'b') {
    return Number(readScalar(value.source, value.byteOffset, value.dtype));
  }
  return undefined;
}

/** Element i of a numeric array as a number (C or Fortran order is the caller's index). */
export function arrayNumber(array: NdArray, index: number): number {
  return Number(readScalar(array.source, array.byteOffset + index * array.dtype.itemSize, array.dtype));
}

/** All elements of a numeric array or of a flat tuple/list of numbers, in C order, else undefined. */
export function asNumbers(value: unknown): number[] | undefined {
  if (value instanceof NdArray) {
    if (value.dtype.kind === 'b' || value.shape.length > 1) return undefined;
    const out: number[] = [];
    for (let i = 0; i < value.size; i++) out.push(arrayNumber(value, i));
    return out;
  }
  const items = asSequence(value);
  if (!items) return asNumber(value) === undefined ? undefined : [asNumber(value)!];
  const out: number[] = [];
  for (const item of items) {
    const n = asNumber(item);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}
