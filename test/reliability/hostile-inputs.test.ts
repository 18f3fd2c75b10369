/**
 * Hostile-input classes not covered by the reader tests (docs/reliability.md): enormous counts in
 * headers must fail fast without allocating them, and one hostile slide in an ingest must fail
 * alone, named in the report, with exit code 1.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../pipelines/cli';
import { unpickle } from '../../pipelines/readers/pickle/vm';
import { readPngGray } from '../../pipelines/readers/png-gray';
import { readMatV5 } from '../../pipelines/readers/mat-v5';
import { ReadError } from '../../pipelines/readers/read-error';
import { fakeEffects } from '../support/fake-effects';
import { fixturePath, runPython } from '../support/python';
import { makeTempDir } from '../support/temp-dir';

/** Runs `read` and checks it throws a ReadError quickly without growing the heap by ≥ 256 MiB. */
function expectBoundedFailure(read: () => unknown, message: RegExp): void {
  const before = process.memoryUsage();
  const started = performance.now();
  expect(read).toThrow(ReadError);
  expect(read).toThrow(message);
  const grown = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed - before.arrayBuffers - before.heapUsed; // prettier-ignore
  expect(grown).toBeLessThan(256 * 2 ** 20);
  expect(performance.now() - started).toBeLessThan(2000);
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

describe('enormous counts fail fast without allocating them', () => {
  it.each([
    ['BINBYTES8 of 2^62 bytes', '80048e' + '0000000000000040' + '2e'],
    ['LONG4 of 2^31-1 bytes', '80048bffffff7f2e'],
    ['FRAME of 2^62 bytes', '800495' + '0000000000000040' + '4e2e'],
  ])('pickle %s', (_name, hex) => {
    expectBoundedFailure(() => unpickle(Buffer.from(hex, 'hex'), { file: 'x.pkl' }), /./);
  });

  it('pickle LONG_BINPUT to memo slot 2^32-1 is legal and stays sparse', () => {
    const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    expect(unpickle(Buffer.from('80044e72ffffffff2e', 'hex'), { file: 'x.pkl' }).value).toBeNull();
    expect(process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });

  it('a numpy array whose shape claims 2^31-1 or -1 elements over 123,457 bytes of data', async () => {
    const hex = await runPython({ code: 'import pickle,numpy as np,sys; sys.stdout.write(pickle.dumps(np.arange(123457,dtype=np.uint8)%7,protocol=4).hex())' }); // prettier-ignore
    const bytes = Buffer.from(hex, 'hex');
    const at = bytes.indexOf(Buffer.from('4a41e20100', 'hex')) + 1;
    expect(at).toBeGreaterThan(0);
    for (const shape of [0x7fffffff, -1]) {
      const patched = Buffer.from(bytes);
      patched.writeInt32LE(shape, at);
      const run = (): unknown => unpickle(patched, { file: 'x.pkl' });
      expectBoundedFailure(run, /./);
    }
  });

  it('a PNG whose header claims 100,000 × 100,000 pixels over a tiny IDAT', () => {
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(100_000, 0);
    ihdr.writeUInt32BE(100_000, 4);
    ihdr.set([8, 0, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
      pngChunk('IEND', new Uint8Array()),
    ]);
    expectBoundedFailure(() => readPngGray(png, 'huge.png'), /./);
  });

  it('a MAT file whose pclass claims 100,000 × 100,000 doubles', async () => {
    const temp = makeTempDir();
    try {
      await runPython({ code: `import numpy as np, scipy.io as s; s.savemat('${temp.dir}/m.mat', {'pclass': np.zeros((3, 5))})` }); // prettier-ignore
      const bytes = readFileSync(join(temp.dir, 'm.mat'));
      const dims = bytes.indexOf(Buffer.from('0300000005000000', 'hex'));
      expect(dims).toBeGreaterThan(0);
      bytes.writeInt32LE(100_000, dims);
      bytes.writeInt32LE(100_000, dims + 4);
      expectBoundedFailure(() => readMatV5(bytes, 'm.mat'), /./);
    } finally {
      temp.remove();
    }
  });
});

describe('one hostile slide in an ingest', () => {
  const temp = makeTempDir('atlas-hostile-');
  const results = join(temp.dir, 'results');
  const out = join(temp.dir, 'dataset');
  const good = 'TCGA-AA-3949-01Z-00-DX1';
  const evil = 'TCGA-AG-A02N-01Z-00-DX1';
  const effects = fakeEffects();
  let code = -1;

  beforeAll(async () => {
    mkdirSync(join(results, 'dat'), { recursive: true });
    cpSync(fixturePath('cerberus/joblib12-p4-padded.dat'), join(results, 'dat', `${good}.a.dat`));
    // A pickle that would run os.system('touch pwned') if it were unpickled by Python.
    writeFileSync(join(results, 'dat', `${evil}.b.dat`), Buffer.from('8002636f730a73797374656d0a2e', 'hex'));
    code = await main(['ingest', results, '--out', out, '--jobs', '2'], effects);
  });
  afterAll(() => temp.remove());

  it('fails only that slide, names it, and exits 1', () => {
    expect(code).toBe(1);
    const report = effects.stdout.join('\n');
    expect(report).toContain('1 slide(s) done');
    expect(report).toMatch(new RegExp(`FAILED ${evil}: .*global 'os.system' is not allowed`));
  });

  it('still publishes the good slide with a verified manifest', async () => {
    const { verifyDataset } = await import('../../pipelines/commands/verify');
    expect(verifyDataset(out).problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { counts: { slides: number } };
    expect(manifest.counts.slides).toBe(1);
  });
});
