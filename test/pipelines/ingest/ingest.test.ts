import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../lib/dataset/open-dataset';
import { main } from '../../../pipelines/cli';
import { runIngest } from '../../../pipelines/ingest/run-ingest';
import { fakeEffects } from '../../support/fake-effects';
import { fixturePath, runPython } from '../../support/python';
import { contourAnchor, decodeContour } from '../../../lib/contract/contour-codec';
import { literal } from '../../../lib/db/sql';
import { makeTempDir } from '../../support/temp-dir';

const A = 'TCGA-AA-3949-01Z-00-DX1';
const B = 'TCGA-AG-A02N-01Z-00-DX1';
const C = 'TCGA-AA-3950-01Z-00-DX1';

/** A results folder with two genuine joblib fixtures, a tissue map and one corrupt slide. */
function makeResults(dir: string, withCorrupt: boolean): string {
  mkdirSync(join(dir, 'dat'), { recursive: true });
  mkdirSync(join(dir, 'tissue'), { recursive: true });
  cpSync(fixturePath('cerberus/joblib12-p4-padded.dat'), join(dir, 'dat', `${A}.uuid-a.dat`));
  cpSync(fixturePath('cerberus/cerberus-2022-p3-unpadded.dat'), join(dir, 'dat', `${B}.uuid-b.dat`));
  cpSync(fixturePath('tissue/pclass.mat'), join(dir, 'tissue', `${A}.uuid-a.mat`));
  if (withCorrupt)
    writeFileSync(
      join(dir, 'dat', `${C}.uuid-c.dat`),
      readFileSync(fixturePath('cerberus/joblib12-p4-padded.dat')).subarray(0, 300),
    );
  writeFileSync(
    join(dir, 'slides.csv'),
    [
      'slide_id,file_name,mpp,project,msi_status,stage,os_months,os_event',
      `${A},${A}.uuid-a.svs,0.2527,COAD,MSI-H,II,12.5,true`,
      `${B},${B}.uuid-b.svs,0.5,READ,MSS,III,40,false`,
      `${C},${C}.uuid-c.svs,0.25,COAD,,,,`,
    ].join('\n'),
  );
  return dir;
}

function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

describe('ingest (genuine joblib fixtures → dataset)', () => {
  const temp = makeTempDir();
  const results = makeResults(join(temp.dir, 'results'), true);
  const out = join(temp.dir, 'dataset');
  const effects = fakeEffects();
  let code: number;

  beforeAll(async () => {
    code = await main(
      ['ingest', results, '--out', out, '--slides', join(results, 'slides.csv'), '--jobs', '2'],
      effects,
    );
  });
  afterAll(() => temp.remove());

  it('ingests the good slides, reports the corrupt one by name and exits 1', () => {
    expect(code).toBe(1);
    const report = effects.stdout.join('\n');
    expect(report).toContain('2 slide(s) done');
    expect(report).toMatch(new RegExp(`FAILED ${C}: .*uuid-c\\.dat`));
    expect(readdirSync(join(out, 'nuclei')).sort()).toEqual([`slide_id=${A}`, `slide_id=${B}`]);
  });

  it('writes a dataset whose tables DuckDB reads with the clinical columns joined', async () => {
    const dataset = await openDataset(out);
    try {
      const slides = (
        await dataset.connection.runAndReadAll(
          'SELECT slide_id, project, msi_status, stage, os_months, os_event, mpp, nuclei_count, glands_n FROM (SELECT *, (SELECT count(*) FROM glands g WHERE g.slide_id = s.slide_id)::INTEGER AS glands_n FROM slides s) ORDER BY slide_id',
        )
      ).getRowObjectsJS();
      expect(slides).toHaveLength(2);
      expect(slides[0]).toMatchObject({
        slide_id: A,
        project: 'COAD',
        msi_status: 'MSI-H',
        stage: 'II',
        os_event: true,
      });
      expect(slides[1]).toMatchObject({ slide_id: B, project: 'READ', msi_status: 'MSS', mpp: 0.5 });
      const counts = (
        await dataset.connection.runAndReadAll(
          'SELECT slide_id, count(*)::INTEGER AS n FROM nuclei GROUP BY ALL ORDER BY 1',
        )
      ).getRowObjectsJS();
      expect(counts.map((r) => r.n)).toEqual(slides.map((s) => s.nuclei_count));
      expect(dataset.manifest.counts.slides).toBe(2);
      expect(dataset.manifest.files.some((f) => f.path.includes(C))).toBe(false);
    } finally {
      dataset.close();
    }
  });

  it('writes GeoParquet geometry for glands and lumina: the contour polygon in µm, as shapely reads it', async () => {
    const dataset = await openDataset(out);
    try {
      for (const kind of ['glands', 'lumina'] as const) {
        const file = join(out, kind, `slide_id=${A}`, 'data.parquet');
        const kv = (
          await dataset.connection.runAndReadAll(
            `SELECT decode(value) AS value FROM parquet_kv_metadata(${literal(file)}) WHERE decode(key) = 'geo'`,
          )
        ).getRowObjectsJS();
        expect(JSON.parse(String(kv[0]?.value))).toMatchObject({
          version: '1.1.0',
          primary_column: 'geometry',
          columns: { geometry: { encoding: 'WKB', geometry_types: ['Polygon'], crs: null } },
        });
        const rows = (
          await dataset.connection.runAndReadAll(
            `SELECT x_um, y_um, contour_unit_um, contour, hex(geometry) AS wkb, area_um2 FROM ${kind} WHERE slide_id = ${literal(A)} ORDER BY object_id`,
          )
        ).getRowObjectsJS();
        expect(rows.length).toBeGreaterThan(0);
        const wkbFile = join(temp.dir, `${kind}-wkb.json`);
        writeFileSync(wkbFile, JSON.stringify(rows.map((r) => r.wkb)));
        const shapes = JSON.parse(
          await runPython({
            code: 'import sys, json, shapely.wkb as w\ngeoms = [w.loads(bytes.fromhex(h)) for h in json.load(open(sys.argv[1]))]\nfrom shapely.validation import explain_validity as why\nprint(json.dumps([[list(map(list, g.exterior.coords)), g.area, why(g)] for g in geoms]))',
            args: [wkbFile],
          }),
        ) as [number[][], number, string][];
        rows.forEach((row, i) => {
          const unit = Number(row.contour_unit_um);
          const ring = decodeContour(
            row.contour as Uint8Array,
            contourAnchor(Number(row.x_um), Number(row.y_um), unit),
          );
          const vertices = Array.from({ length: ring.length / 2 }, (_, v) => [
            ring[2 * v]! * unit,
            ring[2 * v + 1]! * unit,
          ]);
          const [coords, area, validity] = shapes[i]!;
          expect(coords).toEqual([...vertices, vertices[0]]);
          // Proper crossings were dropped at ingest; a ring traced from a mask may still touch itself at a vertex (GEOS: "Ring Self-intersection").
          expect(validity).toMatch(/^(Valid Geometry|Ring Self-intersection)/);
          expect(area).toBeCloseTo(Number(row.area_um2), Math.max(0, 4 - Math.ceil(Math.log10(area))));
        });
      }
    } finally {
      dataset.close();
    }
  });

  it('leaves no temp files and lists every data file in the manifest with its sha256', () => {
    const files = [...filesOf(out).keys()].filter((f) => !f.startsWith('.ingest/'));
    expect(files.filter((f) => f.includes('atlas-tmp'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path).sort()).toEqual(files.filter((f) => f !== 'manifest.json').sort());
  });

  it('is byte-identical when re-run on the same input, and --resume skips finished slides', async () => {
    const before = filesOf(out);
    const again = fakeEffects();
    expect(
      await main(['ingest', results, '--out', out, '--slides', join(results, 'slides.csv'), '--jobs', '1'], again),
    ).toBe(1);
    const after = filesOf(out);
    for (const [path, bytes] of before)
      if (!path.startsWith('.ingest/')) expect(after.get(path)?.equals(bytes), path).toBe(true);
    const resumed = fakeEffects();
    await main(['ingest', results, '--out', out, '--slides', join(results, 'slides.csv'), '--resume'], resumed);
    expect(resumed.stdout.join('\n')).toContain('2 skipped');
  });

  it('splits slides across shards and finalizes when the last shard completes', async () => {
    const shardOut = join(temp.dir, 'sharded');
    const clean = makeResults(join(temp.dir, 'clean'), false);
    const first = await runIngest(
      { resultsDir: clean, outDir: shardOut, jobs: 1, resume: true, shard: { index: 0, count: 2 } },
      fakeEffects(),
    );
    expect(first.done).toEqual([A]);
    expect(first.manifest).toBeUndefined();
    const second = await runIngest(
      { resultsDir: clean, outDir: shardOut, jobs: 1, resume: true, shard: { index: 1, count: 2 } },
      fakeEffects(),
    );
    expect(second.done).toEqual([B]);
    expect(second.manifest?.counts.slides).toBe(2);
  });

  it('refuses to overwrite a folder that is not an Atlas dataset', async () => {
    const foreign = join(temp.dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'thesis.docx'), 'precious');
    const e = fakeEffects();
    expect(await main(['ingest', results, '--out', foreign], e)).toBe(1);
    expect(e.stderr.join('\n')).toMatch(/not empty and is not an Atlas dataset/);
    expect(existsSync(join(foreign, 'thesis.docx'))).toBe(true);
  });
});

describe('slide table validation', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());
  const results = makeResults(join(temp.dir, 'results'), false);

  it.each([
    ['slide_id,colour\nX,red', /unknown column\(s\) colour/],
    ['slide_id,msi_status\nX,MSI-X', /line 2: msi_status must be one of MSS, MSI-L, MSI-H/],
    ['slide_id,age_years\nX,old', /line 2: age_years must be a number/],
    ['slide_id\nX\nX', /line 3: slide_id X repeats line 2/],
    ['slide_id,mpp\nX,-1', /mpp must be a positive number/],
    ['slide_id\n../etc/passwd', /not a valid slide id/],
  ])('rejects %j with a clear message', async (csv, message) => {
    const path = join(temp.dir, 'bad.csv');
    writeFileSync(path, csv);
    const e = fakeEffects();
    expect(await main(['ingest', results, '--out', join(temp.dir, 'never'), '--slides', path], e)).toBe(1);
    expect(e.stderr.join('\n')).toMatch(message);
    expect(existsSync(join(temp.dir, 'never'))).toBe(false);
  });

  it('warns about slide-table ids without results', async () => {
    const path = join(temp.dir, 'extra.csv');
    writeFileSync(path, `slide_id\n${A}\n${B}\nTCGA-XX-0000-01Z-00-DX1`);
    const e = fakeEffects();
    expect(await main(['ingest', results, '--out', join(temp.dir, 'ok'), '--slides', path], e)).toBe(0);
    expect(e.stdout.join('\n')).toMatch(/1 slide\(s\) in the slide table have no result file: TCGA-XX-0000-01Z-00-DX1/);
  });
});
