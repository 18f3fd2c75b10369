import { describe, expect, it } from 'vitest';
import { CLASS_DICTIONARIES, toRgb } from '../../../lib/registry';
import {
  classColorTable,
  colorsFromCodes,
  NO_VALUE_CODE,
  rampColor,
  toValueCode,
  valueColorTable,
} from '../../../lib/viewer/color-scale';
import { buildScaleBar } from '../../../lib/viewer/scale-bar';

describe('colour scales', () => {
  it('uses the registry colour of every nucleus class', () => {
    const table = classColorTable('nucleus');
    for (const c of CLASS_DICTIONARIES.nucleus)
      expect(Array.from(colorsFromCodes([c.id], table))).toEqual([...toRgb(c.color), 255]);
  });

  it('maps a feature domain onto codes 0–254 (clamped) and NULL onto 255', () => {
    expect([
      toValueCode(10, 10, 20),
      toValueCode(20, 10, 20),
      toValueCode(99, 10, 20),
      toValueCode(null, 10, 20),
    ]).toEqual([0, 254, 254, NO_VALUE_CODE]);
    expect(Array.from(valueColorTable().subarray(0, 3))).toEqual(rampColor(0));
    expect(rampColor(1)).toEqual([253, 231, 37]);
  });

  it('picks 1-2-5 scale-bar lengths in µm and mm', () => {
    expect(buildScaleBar(1, 120)).toMatchObject({ um: 100, px: 100, label: '100 µm' });
    expect(buildScaleBar(0.01, 120)).toMatchObject({ um: 10_000, label: '10 mm' });
  });
});
