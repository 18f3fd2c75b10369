import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '@/pipelines/cli';
import type { InspectSummary } from '@/pipelines/commands/inspect';
import { fakeEffects } from '../../support/fake-effects';
import { makeTempDir } from '../../support/temp-dir';
import { fixturePath } from '../../support/python';

const temp = makeTempDir('inspect-');
afterAll(() => temp.remove());

describe('pipeline inspect', () => {
  it('prints one JSON object with counts per class, bounds, metadata and variant', async () => {
    const effects = fakeEffects();
    const file = fixturePath('cerberus/joblib12-p4-padded.dat');
    expect(await main(['inspect', file, '--json'], effects)).toBe(0);
    expect(effects.stdout).toHaveLength(1);
    const summary = JSON.parse(effects.stdout[0]!) as InspectSummary;
    expect(summary.format).toBe('cerberus-dat');
    expect(summary.variant).toContain('joblib >= 1.2 (arrays padded to 16 bytes)');
    expect(summary.metadata).toEqual({
      procMpp: 0.5,
      baseMpp: [0.2527, 0.2531],
      procDimensions: [20010, 20000],
      baseDimensions: [40025, 40003],
    });
    expect(summary.kinds.nuclei.count).toBe(5);
    expect(summary.kinds.nuclei.classes.map((c) => c.key)).toEqual([
      'none',
      'neutrophil',
      'epithelial',
      'lymphocyte',
      'plasma',
      'eosinophil',
      'connective',
    ]);
    expect(summary.kinds.nuclei.classes.reduce((sum, c) => sum + c.count, 0)).toBe(5);
    expect(summary.kinds.glands.classes.map((c) => c.key)).toEqual(['none', 'gland', 'surface_epithelium']);
    expect(summary.kinds.lumina.classes).toEqual([{ id: 1, key: 'lumen', count: 2 }]);
    const bounds = summary.kinds.nuclei.bounds!;
    expect(bounds.um.minX).toBe(bounds.px.minX * 0.5);
    expect(bounds.px.maxY).toBeGreaterThan(bounds.px.minY);
    expect(summary.tissue).toBeNull();
  });

  it('prints a readable summary without --json', async () => {
    const effects = fakeEffects();
    expect(await main(['inspect', fixturePath('cerberus/cerberus-2022-p3-unpadded.dat')], effects)).toBe(0);
    expect(effects.stdout.join('\n')).toMatch(/variant: pickle protocol 3; joblib < 1.2 \(arrays not padded\)/);
    expect(effects.stdout.join('\n')).toMatch(/^nuclei: 5 \(0 none: \d+, 1 neutrophil: \d+/m);
    expect(effects.stdout.join('\n')).toMatch(/bounds: x \d+–\d+, y \d+–\d+ \(units of 0.5 µm\)/);
  });

  it('dispatches HoVer-Net JSON by extension', async () => {
    const effects = fakeEffects();
    expect(await main(['inspect', fixturePath('hovernet/tile-40x.json'), '--json'], effects)).toBe(0);
    expect((JSON.parse(effects.stdout[0]!) as InspectSummary).format).toBe('hovernet-json');
  });

  it('exits 1 with the reader error on stderr for an invalid file', async () => {
    const bad = join(temp.dir, 'bad.dat');
    const bytes = Buffer.from([0x80, 0x04, 0x63, ...Buffer.from('os\nsystem\n'), 0x2e]);
    writeFileSync(bad, bytes);
    const effects = fakeEffects();
    expect(await main(['inspect', bad], effects)).toBe(1);
    expect(effects.stdout).toEqual([]);
    expect(effects.stderr.join('\n')).toMatch(/^error: .*bad\.dat \(byte 2\): global 'os\.system' is not allowed/);
  });

  it('exits 1 for a missing file or an unknown extension, 2 for bad usage', async () => {
    const effects = fakeEffects();
    expect(await main(['inspect', join(temp.dir, 'absent.dat')], effects)).toBe(1);
    copyFileSync(fixturePath('cerberus/joblib12-p4-padded.dat'), join(temp.dir, 'x.bin'));
    expect(await main(['inspect', join(temp.dir, 'x.bin')], effects)).toBe(1);
    expect(await main(['inspect'], effects)).toBe(2);
    expect(await main(['inspect', 'a.dat', '--mpp', 'zero'], effects)).toBe(2);
    expect(effects.stderr.join('\n')).toMatch(/unknown extension/);
  });
});
