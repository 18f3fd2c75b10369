import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHovernetJson, readHovernetJson } from '@/pipelines/readers/hovernet-json';
import { ReadError } from '@/pipelines/readers/read-error';

const path = (name: string): string => new URL(`../../fixtures/hovernet/${name}`, import.meta.url).pathname;
interface Nucleus {
  bbox: number[][];
  centroid: [number, number];
  contour: [number, number][];
  type_prob: number | null;
  type: number | null;
}
const source = JSON.parse(readFileSync(path('tile-40x.json'), 'utf8')) as { mag: number; nuc: Record<string, Nucleus> };

/** A one-nucleus HoVer-Net JSON text with fields overridden. */
function oneNucleus(fields: Record<string, unknown>, mag: unknown = 40): string {
  const nucleus = {
    bbox: [
      [0, 0],
      [3, 3],
    ],
    centroid: [1, 1],
    contour: [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ],
    type_prob: 0.9,
    type: 2,
    ...fields,
  };
  return JSON.stringify({ mag, nuc: { '7': nucleus } });
}

function readError(text: string, options = {}): ReadError {
  try {
    parseHovernetJson(text, 'slide.json', options);
  } catch (error) {
    expect(error).toBeInstanceOf(ReadError);
    return error as ReadError;
  }
  throw new Error('expected a ReadError');
}

describe('readHovernetJson', () => {
  it('reads a hover_net tile JSON into columnar nuclei in µm', async () => {
    const result = await readHovernetJson(path('tile-40x.json'));
    const ids = Object.keys(source.nuc);
    const { nuclei } = result;
    expect(nuclei.count).toBe(ids.length);
    expect(nuclei.sourceIds).toEqual(ids);
    expect(nuclei.coordUnitUm).toBe(0.25);
    expect(result.glands.count).toBe(0);
    expect(result.lumina.count).toBe(0);
    expect(result.metadata.format).toBe('hovernet-json');
    expect(result.metadata.procMpp).toBe(0.25);
    ids.forEach((id, i) => {
      const nucleus = source.nuc[id] as Nucleus;
      expect(nuclei.centroidX[i]).toBeCloseTo(nucleus.centroid[0] * 0.25, 12);
      expect(nuclei.centroidY[i]).toBeCloseTo(nucleus.centroid[1] * 0.25, 12);
      expect(nuclei.classId[i]).toBe(nucleus.type ?? 0);
      if (nucleus.type_prob === null) expect(nuclei.classProb[i]).toBeNaN();
      else expect(nuclei.classProb[i]).toBeCloseTo(nucleus.type_prob, 6);
      const ring = nuclei.ringCoords.subarray(2 * (nuclei.ringOffsets[i] ?? 0), 2 * (nuclei.ringOffsets[i + 1] ?? 0));
      expect(Array.from(ring)).toEqual(nucleus.contour.flat());
    });
  });

  it('keeps the source type as classId and says so in the metadata', async () => {
    const { metadata } = await readHovernetJson(path('tile-40x.json'));
    expect(metadata.variant).toContain('mpp 0.25 inferred from "mag": 40');
    expect(metadata.variant.join('\n')).toMatch(
      /classId = HoVer-Net "type" as written, not the Cerberus nucleus dictionary/,
    );
    expect(metadata.variant.join('\n')).toMatch(/nuclei per source type: 1: 2, 2: 3, 3: 2, 4: 1, 5: 2, 0: 1, null: 1/);
  });

  it('quantises half-pixel contours to 1/2 pixel and needs mpp when "mag" is null', async () => {
    await expect(readHovernetJson(path('tile-half-pixel.json'))).rejects.toThrow(/"mag" is null; pass options\.mpp/);
    const result = await readHovernetJson(path('tile-half-pixel.json'), { mpp: 0.5 });
    const half = JSON.parse(readFileSync(path('tile-half-pixel.json'), 'utf8')) as { nuc: Record<string, Nucleus> };
    const first = half.nuc['1'] as Nucleus;
    expect(result.nuclei.coordUnitUm).toBe(0.25);
    expect(result.metadata.procMpp).toBeUndefined();
    expect(Array.from(result.nuclei.ringCoords.subarray(0, 2 * first.contour.length))).toEqual(
      first.contour.flat().map((v) => v * 2),
    );
    expect(result.nuclei.classProb.every(Number.isNaN)).toBe(true);
  });

  it('rounds other fractions to 1/8 pixel, infers mag 20 and lets an explicit mpp win', () => {
    const text = oneNucleus(
      {
        contour: [
          [0.1, 0],
          [2.3, 0.25],
          [2, 2.5],
        ],
      },
      20,
    );
    const twenty = parseHovernetJson(text, 'slide.json');
    expect(twenty.nuclei.coordUnitUm).toBe(0.0625);
    expect(Array.from(twenty.nuclei.ringCoords)).toEqual([1, 0, 18, 2, 16, 20]);
    expect(parseHovernetJson(text, 'slide.json', { mpp: 0.2425 }).nuclei.centroidX[0]).toBeCloseTo(0.2425);
  });

  it('drops a repeated closing vertex', () => {
    const result = parseHovernetJson(
      oneNucleus({
        contour: [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 0],
        ],
      }),
      'slide.json',
    );
    expect(Array.from(result.nuclei.ringCoords)).toEqual([0, 0, 2, 0, 2, 2]);
  });
});

describe('readHovernetJson on bad input', () => {
  it('rejects malformed JSON, NaN tokens and a missing "nuc"', () => {
    expect(readError('{"mag": 40, "nuc": {').detail).toMatch(/^malformed JSON/);
    expect(readError(oneNucleus({}).replace('0.9', 'NaN')).detail).toMatch(/malformed JSON .*without NaN or Infinity/);
    expect(readError('{"mag": 40}').detail).toBe('expected a JSON object with "nuc": {id: nucleus}');
    expect(readError('[]').detail).toBe('expected a JSON object with "nuc": {id: nucleus}');
  });

  it('names the nucleus id for missing fields, short or non-finite contours and bad classes', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ contour: undefined }, /expected "contour": \[\[x, y\], …\]/],
      [
        {
          contour: [
            [0, 0],
            [1, 1],
          ],
        },
        /contour has 2 distinct vertices; expected at least 3/,
      ],
      [
        {
          contour: [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        },
        /contour has 2 distinct vertices/,
      ],
      [
        {
          contour: [
            [0, 0],
            ['1', 1],
            [1, 0],
          ],
        },
        /expected "contour".*finite numbers/,
      ],
      [{ centroid: undefined }, /expected "centroid": \[x, y\]/],
      [{ centroid: [1] }, /expected "centroid"/],
      [{ type: 7 }, /"type" is 7; expected null or an integer 0–6/],
      [{ type: 1.5 }, /"type" is 1\.5/],
      [{ type_prob: 1.5 }, /"type_prob" is 1\.5; expected null or a number in \[0, 1\]/],
      [
        {
          contour: [
            [0, 0],
            [3e9, 0],
            [0, 1],
          ],
        },
        /outside the Int32 coordinate range/,
      ],
    ];
    for (const [fields, pattern] of cases) {
      const error = readError(oneNucleus(fields));
      expect(error.message, JSON.stringify(fields)).toMatch(/^slide\.json \(nuclei, id 7\): /);
      expect(error.detail, JSON.stringify(fields)).toMatch(pattern);
      if (fields.contour === undefined) expect(error.detail).not.toMatch(/contour has/);
    }
    expect(readError(JSON.stringify({ mag: 40, nuc: { '7': 7 } })).message).toMatch(
      /id 7\): expected a nucleus object/,
    );
    // JSON.parse turns overflowing numbers such as 1e999 into Infinity.
    expect(readError(oneNucleus({}).replace('[2,0]', '[1e999,0]')).detail).toMatch(
      /expected "contour".*finite numbers/,
    );
    expect(readError(oneNucleus({}).replace('"centroid":[1,1]', '"centroid":[1,-1e999]')).detail).toMatch(
      /expected "centroid"/,
    );
  });

  it('rejects duplicate ids, which JSON.parse would silently merge', () => {
    const nucleus =
      '{"bbox": [[0, 0], [3, 3]], "centroid": [1, 1], "contour": [[0, 0], [2, 0], [2, 2]], "type_prob": null, "type": null}';
    const error = readError(`{"mag": 40, "nuc": {"1": ${nucleus}, "2": ${nucleus}, "1": ${nucleus}}}`);
    expect(error.message).toBe('slide.json (nuclei, id 1): duplicate nucleus id; expected unique keys in "nuc"');
  });

  it('rejects an unusable mpp', () => {
    expect(readError(oneNucleus({}, 10)).detail).toMatch(/"mag" is 10; pass options\.mpp/);
    expect(readError(oneNucleus({}), { mpp: -1 }).detail).toMatch(/mpp option is -1/);
  });
});
