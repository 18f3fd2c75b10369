import { describe, expect, it } from 'vitest';
import { parseHistogramParams } from '../../../app/api/slides/[slideId]/histograms/schema';
import { parseNucleiParams } from '../../../app/api/slides/[slideId]/nuclei/schema';
import { parseObjectParams } from '../../../app/api/slides/[slideId]/objects/schema';
import { parseTissueParams } from '../../../app/api/slides/[slideId]/tissue/schema';
import { viewerApiUrl } from '../../../lib/viewer/api-params';

const q = (s: string) => new URLSearchParams(s);

describe('viewer route parameters', () => {
  it('parse what the browser builds', () => {
    const url = new URL(
      viewerApiUrl(
        'S-1',
        'nuclei',
        { lod: 'grid', level: 64, color: 'area_um2', x0: 0, y0: 0, x1: 100, y1: 50 },
        { kind: 'nuclei', classes: [2], inGland: true },
      ),
      'http://x',
    );
    expect(url.pathname).toBe('/api/slides/S-1/nuclei');
    expect(parseNucleiParams(url.searchParams)).toEqual({
      ok: true,
      value: {
        lod: { kind: 'grid', levelUm: 64 },
        box: { minX: 0, minY: 0, maxX: 100, maxY: 50 },
        colorBy: 'area_um2',
        filter: { kind: 'nuclei', classes: [2], inGland: true },
      },
    });
  });

  it('refuse bad parameters with a reason naming the parameter', () => {
    const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);
    expect(reason(parseNucleiParams(q('lod=points&x0=0&y0=0&x1=0&y1=5')))).toMatch(/x1 must exceed x0/);
    expect(reason(parseNucleiParams(q('lod=grid&x0=0&y0=0&x1=9&y1=5')))).toMatch(/^level: level is required/);
    expect(reason(parseNucleiParams(q('lod=grid&level=17&x0=0&y0=0&x1=9&y1=5')))).toMatch(
      /^level: must be one of 16, 64/,
    );
    expect(reason(parseNucleiParams(q('lod=dots&x0=0&y0=0&x1=9&y1=5')))).toMatch(/^lod:/);
    expect(reason(parseNucleiParams(q('lod=points&x0=0&y0=0&x1=9&y1=5&color=DROP TABLE')))).toMatch(/^color:/);
    expect(reason(parseNucleiParams(q('lod=points&x0=0&y0=0&x1=9&y1=5&n.f=area_um2;--:1:2')))).toMatch(/^n: ranges/);
    expect(reason(parseHistogramParams(q('kind=nuclei&features=area_um2,gland_id')))).toMatch(/^features:/);
    expect(reason(parseObjectParams(q('kind=nuclei')))).toMatch(/give id, or x and y/);
    expect(reason(parseTissueParams(q('x0=1&y0=2')))).toMatch(/give all four/);
  });
});
