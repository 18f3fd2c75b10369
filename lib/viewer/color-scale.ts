/**
 * Colours of the map: fixed class colours from the registry and one continuous, perceptually
 * uniform ramp (viridis) for numeric features. Feature values travel as Uint8 codes: 0–254 map
 * linearly onto the colour domain [lo, hi], 255 means "no value". Pure.
 */
import { CLASS_DICTIONARIES, toRgb, type ClassDictionaryId } from '../registry';

/** Code of a missing value in a quantised feature column. */
export const NO_VALUE_CODE = 255;
/** Largest code of a present value (the domain's upper end). */
export const MAX_VALUE_CODE = 254;

// Viridis at 9 evenly spaced stops (matplotlib's `viridis`), sRGB 0–255.
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 45, 123],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

/** The ramp colour at `t` ∈ [0, 1] (clamped), sRGB 0–255. */
export function rampColor(t: number): [number, number, number] {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (VIRIDIS.length - 1);
  const index = Math.min(VIRIDIS.length - 2, Math.floor(position));
  const f = position - index;
  const a = VIRIDIS[index] as readonly number[];
  const b = VIRIDIS[index + 1] as readonly number[];
  return [0, 1, 2].map((k) => Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number)))) as [
    number,
    number,
    number,
  ];
}

/** CSS linear-gradient stops of the ramp, for legends. */
export function rampGradientCss(): string {
  return `linear-gradient(to right, ${VIRIDIS.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;
}

/** RGBA lookup (256 × 4 bytes) of a class dictionary by class id; unknown ids are grey. */
export function classColorTable(dictionary: ClassDictionaryId, alpha = 255): Uint8Array {
  const table = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) table.set([128, 128, 128, alpha], 4 * i);
  for (const c of CLASS_DICTIONARIES[dictionary]) table.set([...toRgb(c.color), alpha], 4 * c.id);
  return table;
}

/** RGBA lookup (256 × 4 bytes) of Uint8 value codes: the ramp for 0–254, translucent grey for 255. */
export function valueColorTable(alpha = 255): Uint8Array {
  const table = new Uint8Array(256 * 4);
  for (let code = 0; code <= MAX_VALUE_CODE; code++) table.set([...rampColor(code / MAX_VALUE_CODE), alpha], 4 * code);
  table.set([160, 160, 160, Math.round(alpha / 3)], 4 * NO_VALUE_CODE);
  return table;
}

/** Maps every code of `codes` through an RGBA `table` into a new Uint8Array (4 bytes per row). */
export function colorsFromCodes(codes: ArrayLike<number>, table: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 * codes.length);
  for (let i = 0; i < codes.length; i++)
    out.set(table.subarray(4 * (codes[i] as number), 4 * (codes[i] as number) + 4), 4 * i);
  return out;
}

/** The Uint8 code of `value` on the domain [lo, hi] (clamped), or NO_VALUE_CODE for null/NaN. */
export function toValueCode(value: number | null, lo: number, hi: number): number {
  if (value === null || !Number.isFinite(value)) return NO_VALUE_CODE;
  const t = hi > lo ? (value - lo) / (hi - lo) : 0;
  return Math.round(Math.min(1, Math.max(0, t)) * MAX_VALUE_CODE);
}
