import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterableFeatures, type ObjectFilter } from '../../../lib/filters';
import {
  DEFAULT_VIEW_STATE,
  LAYER_IDS,
  readViewState,
  writeViewState,
  type ViewState,
} from '../../../lib/viewer/view-state';

const onGrid = (step: number, min: number, max: number) =>
  fc.integer({ min: Math.round(min / step), max: Math.round(max / step) }).map((v) => Number((v * step).toFixed(2)));
const nucleiFilter: fc.Arbitrary<ObjectFilter> = fc.record(
  {
    kind: fc.constant('nuclei' as const),
    classes: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }).map((a) => a.sort()),
    tissue: fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { maxLength: 8 }).map((a) => a.sort()),
    inGland: fc.boolean(),
    ranges: fc.array(
      fc.record(
        {
          feature: fc.constantFrom(...filterableFeatures('nuclei')),
          min: onGrid(0.5, 0, 50),
          max: onGrid(0.5, 50, 100),
        },
        { requiredKeys: ['feature'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
  },
  { requiredKeys: ['kind'] },
);
const viewState: fc.Arbitrary<ViewState> = fc.record({
  view: fc.option(
    fc.record({ x: onGrid(0.1, -1000, 200_000), y: onGrid(0.1, -1000, 200_000), zoom: onGrid(0.01, -10, 6) }),
    { nil: null },
  ),
  layers: fc.subarray([...LAYER_IDS]),
  opacity: onGrid(0.05, 0, 1),
  polygonStyle: fc.constantFrom('outline' as const, 'fill' as const),
  colorBy: fc.constantFrom('class', ...filterableFeatures('nuclei')),
  filters: fc.record({
    nuclei: nucleiFilter,
    glands: fc.constant({ kind: 'glands' as const, classes: [1] }),
    lumina: fc.constant({ kind: 'lumina' as const }),
  }),
  selected: fc.option(
    fc.record({
      kind: fc.constantFrom('nuclei' as const, 'glands' as const, 'lumina' as const),
      id: fc.integer({ min: 0, max: 2 ** 31 }),
    }),
    { nil: null },
  ),
});

describe('view state ⇄ URL', () => {
  it('round-trips every state through its URL without notices (property)', () => {
    fc.assert(
      fc.property(viewState, (state) => {
        const read = readViewState(new URLSearchParams(writeViewState(state).toString()));
        expect(read.notices).toEqual([]);
        expect(read.state).toEqual(state);
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  it('writes nothing for the default state and reads an empty URL as the default', () => {
    expect(writeViewState(DEFAULT_VIEW_STATE).toString()).toBe('');
    expect(readViewState(new URLSearchParams())).toEqual({ state: DEFAULT_VIEW_STATE, notices: [] });
  });

  it('falls back part by part to defaults with a notice for malformed or out-of-range values', () => {
    const read = readViewState(
      new URLSearchParams('x=abc&y=1&z=2&layers=nuclei,bogus&opacity=7&color=nope&sel=cells:1&n.class=9&g.class=1'),
    );
    expect(read.state).toEqual({
      ...DEFAULT_VIEW_STATE,
      filters: { ...DEFAULT_VIEW_STATE.filters, glands: { kind: 'glands', classes: [1] } },
    });
    expect(read.notices).toHaveLength(6);
    expect(readViewState(new URLSearchParams('x=1&y=1&z=40')).notices[0]).toMatch(/outside −?-?10…6/);
  });

  it('never throws on arbitrary query strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (query) => {
        const read = readViewState(new URLSearchParams(query));
        expect(read.state.layers.every((l) => LAYER_IDS.includes(l))).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
