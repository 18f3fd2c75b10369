import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIOMARKER_IDS,
  readBiomarkerParams,
  writeBiomarkerParams,
  type BiomarkerDef,
} from '../../../lib/explore/biomarker';
import {
  DEFAULT_EXPLORE_STATE,
  EXPLORE_VIEWS,
  exploreHref,
  parseExploreState,
  SURVIVAL_SPLITS,
  toExploreSearchParams,
  type ExploreState,
} from '../../../lib/explore/explore-state';
import { ENDPOINT_IDS, GROUP_VARIABLE_IDS, groupLevels, numericVariableIds } from '../../../lib/explore/variables';
import { filterableFeatures, type ObjectFilter } from '../../../lib/filters';
import { CLASS_DICTIONARIES, OBJECT_KINDS } from '../../../lib/registry';

const DICTIONARY = { nuclei: 'nucleus', glands: 'gland', lumina: 'lumen' } as const;
const finite = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
  .filter((v) => !Object.is(v, -0));

const filterArb: fc.Arbitrary<ObjectFilter> = fc.constantFrom(...OBJECT_KINDS).chain((kind) =>
  fc
    .record(
      {
        kind: fc.constant(kind),
        classes: fc.subarray(CLASS_DICTIONARIES[DICTIONARY[kind]].map((c) => c.id)),
        tissue: fc.subarray(
          CLASS_DICTIONARIES.tissue.map((c) => c.id),
          { minLength: 1 },
        ),
        inGland: kind === 'glands' ? fc.constant(undefined) : fc.boolean(),
        ranges: fc.array(
          fc
            .record(
              { feature: fc.constantFrom(...filterableFeatures(kind)), min: finite, max: finite },
              { requiredKeys: ['feature'] },
            )
            .map((r) =>
              r.min !== undefined && r.max !== undefined && r.min > r.max ? { ...r, min: r.max, max: r.min } : r,
            ),
          { minLength: 1, maxLength: 3 },
        ),
      },
      { requiredKeys: ['kind'] },
    )
    .map((f) => JSON.parse(JSON.stringify(f)) as ObjectFilter),
);

const biomarkersArb: fc.Arbitrary<BiomarkerDef[]> = fc.subarray([...BIOMARKER_IDS], { maxLength: 3 }).chain((ids) =>
  fc.tuple(
    ...ids.map((id) =>
      fc
        .tuple(
          filterArb,
          fc.constantFrom('count', 'density', 'fraction') as fc.Arbitrary<BiomarkerDef['measure']>,
          fc.boolean(),
        )
        .map(([filter, measure, byClass]): BiomarkerDef => {
          const first = CLASS_DICTIONARIES[DICTIONARY[filter.kind]][0]!.id;
          return { id, measure, filter, ...(measure === 'fraction' && byClass ? { denominatorClass: first } : {}) };
        }),
    ),
  ),
);

const stateArb: fc.Arbitrary<ExploreState> = biomarkersArb.chain((biomarkers) => {
  const numeric = numericVariableIds(biomarkers);
  return fc.constantFrom(...GROUP_VARIABLE_IDS).chain((groupBy) =>
    fc
      .record(
        {
          view: fc.constantFrom(...EXPLORE_VIEWS),
          feature: fc.constantFrom(...numeric),
          groupBy: fc.constant(groupBy),
          levels: fc.subarray([...groupLevels(groupBy)], { minLength: 1 }),
          versus: fc.constantFrom(...numeric),
          endpoint: fc.constantFrom(...ENDPOINT_IDS),
          split: fc.constantFrom(...SURVIVAL_SPLITS),
          threshold: finite,
          biomarkers: fc.constant(biomarkers),
        },
        { requiredKeys: ['view', 'feature', 'groupBy', 'versus', 'endpoint', 'split', 'biomarkers'] },
      )
      .map((s) => s as ExploreState),
  );
});

describe('explorer URL state', () => {
  it('round-trips every valid state through the URL (fast-check)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const href = exploreHref(state);
        const parsed = parseExploreState(new URL(href, 'http://x').searchParams);
        expect(parsed.errors).toEqual([]);
        expect(parsed.state).toEqual(state);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('a bare URL is the default state and the default state is a bare URL', () => {
    expect(parseExploreState(new URLSearchParams())).toEqual({ state: DEFAULT_EXPLORE_STATE, errors: [] });
    expect(exploreHref(DEFAULT_EXPLORE_STATE)).toBe('/explore');
  });

  it('encodes a biomarker readably', () => {
    const params = toExploreSearchParams({
      ...DEFAULT_EXPLORE_STATE,
      feature: 'b1',
      biomarkers: [{ id: 'b1', measure: 'density', filter: { kind: 'nuclei', classes: [3], tissue: [1] } }],
    });
    expect(params.toString()).toBe('feature=b1&b1=density%3Anuclei&b1.class=3&b1.tissue=1');
  });

  it('drops and reports bad parts, keeping defaults', () => {
    const { state, errors } = parseExploreState(
      new URLSearchParams(
        'view=pie&feature=b2&by=colour&lv=XYZ&cut=abc&split=group&b1=ratio:nuclei&b3=fraction:glands:9',
      ),
    );
    expect(state).toEqual({ ...DEFAULT_EXPLORE_STATE, split: 'group' });
    expect(errors).toHaveLength(7);
    expect(errors.join(' ')).toMatch(/view.*feature|feature.*view/s);
  });

  it('reads the biomarkers alone (the cohort page shares this encoding)', () => {
    const params = new URLSearchParams('b2=fraction:nuclei:2&b2.class=3&b2.tissue=1,5');
    const biomarkers = readBiomarkerParams(params).biomarkers;
    expect(biomarkers).toEqual([
      { id: 'b2', measure: 'fraction', denominatorClass: 2, filter: { kind: 'nuclei', classes: [3], tissue: [1, 5] } },
    ]);
    const again = new URLSearchParams();
    writeBiomarkerParams(biomarkers, again);
    expect(again.toString()).toBe(params.toString().replace('1,5', '1%2C5'));
  });
});
