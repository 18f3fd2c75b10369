import { describe, expect, it } from 'vitest';
import { ReadError } from '@/pipelines/readers/read-error';
import { arrayNumber } from '@/pipelines/readers/cerberus-dat-values';
import { unpickle } from '@/pipelines/readers/pickle/vm';
import { NdArray, PyBytes, PyDict, PyList } from '@/pipelines/readers/pickle/values';
import { runPython } from '../../support/python';

/** Python side: pickles VALUE with each protocol and prints the pickles (hex) plus VALUE in a JSON convention. */
const PICKLE_ALL = `
import json, pickle, sys
import numpy as np
shared = [1, 2]
value = {
  'ints': [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31 - 1, 2**31, -2**31 - 1, 2**53, -2**63, 2**64 + 5],
  'floats': [0.0, -0.0, 1.5, 1e300, -2.5e-310, 0.1],
  'text': ['', 'box', 'é ü 漢字 😀', 'x' * 300],
  'bytes': [b'', b'\\x00\\xff', bytes(range(256)) * 2],
  'misc': (None, True, False, (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)),
  'shared': (shared, shared),
  'nested': {'a': {'b': [{'c': ()}]}},
  'arr_i4': np.arange(6, dtype='<i4').reshape(3, 2),
  'arr_f8': np.array([0.5, -1.25, 3e10]),
  'arr_u1': np.array([0, 255], dtype=np.uint8),
  'arr_fortran': np.asfortranarray(np.arange(6, dtype=np.int64).reshape(2, 3)),
  'scalars': [np.int64(-7), np.float32(0.25), np.bool_(True), np.uint16(65535)],
}
def plain(v):
  if isinstance(v, bool) or v is None: return v
  if isinstance(v, (np.bool_,)): return bool(v)
  if isinstance(v, (int, np.integer)): return int(v) if abs(int(v)) < 2**53 else str(int(v))
  if isinstance(v, (float, np.floating)): return {'float': repr(float(v))}
  if isinstance(v, str): return v
  if isinstance(v, bytes): return {'bytes': v.hex()}
  if isinstance(v, tuple): return {'tuple': [plain(x) for x in v]}
  if isinstance(v, list): return [plain(x) for x in v]
  if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
  if isinstance(v, np.ndarray): return {'dtype': v.dtype.str, 'shape': list(v.shape), 'data': [plain(x) for x in v.flatten(order='C').tolist()]}
  raise TypeError(type(v))
print(json.dumps({'expected': plain(value), 'pickles': {p: pickle.dumps(value, protocol=p).hex() for p in (2, 3, 4, 5)}}))
`;

function plain(value: unknown): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return { tuple: value.map(plain) };
  if (value instanceof PyList) return value.items.map(plain);
  if (value instanceof PyBytes)
    return { bytes: Buffer.from(value.source.bytes.subarray(value.start, value.end)).toString('hex') };
  if (value instanceof PyDict) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < value.entries.length; i += 2) out[value.entries[i] as string] = plain(value.entries[i + 1]);
    return out;
  }
  if (value instanceof NdArray) {
    const [rows = 1, cols = 1] = value.shape;
    const data: number[] = [];
    for (let i = 0; i < value.size; i++)
      data.push(arrayNumber(value, value.fortran ? (i % cols) * rows + Math.floor(i / cols) : i));
    return { dtype: value.dtype.str, shape: value.shape, data };
  }
  throw new Error(`unexpected ${String(value)}`);
}

/** Replaces {float: repr} by numbers so they compare with the VM's doubles. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object') {
    if ('float' in value) return Number((value as { float: string }).float.replace('inf', 'Infinity'));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

describe('unpickle on CPython pickles of plain data and numpy values', async () => {
  const output = JSON.parse(await runPython({ code: PICKLE_ALL })) as {
    expected: unknown;
    pickles: Record<string, string>;
  };
  const expected = revive(output.expected);
  for (const [protocol, hex] of Object.entries(output.pickles)) {
    it(`protocol ${protocol}`, () => {
      const { value, stats } = unpickle(Buffer.from(hex, 'hex'), { file: `p${protocol}` });
      expect(stats.protocol).toBe(Number(protocol));
      expect(plain(value)).toEqual(expected);
    });
  }
});

describe('unpickle refuses what it must not run', () => {
  const cases: [string, string, RegExp][] = [
    ['os.system via GLOBAL', '8002636f730a73797374656d0a2e', /global 'os.system' is not allowed/],
    [
      'builtins.eval via STACK_GLOBAL',
      '80048c086275696c74696e738c046576616c932e',
      /global 'builtins.eval' is not allowed/,
    ],
    ['empty input', '', /truncated/],
    ['no STOP', '80047d', /truncated/],
    ['unbalanced stack at STOP', '80044e4e2e', /unbalanced/],
    ['GET of an unknown memo entry', '8004680a2e', /memo entry 10 was never stored/],
    ['huge BINUNICODE length', '800458ffffff7f', /needs 2147483647 more bytes/],
    ['protocol 0/1 text opcodes', '8002490a2e', /unsupported pickle opcode 0x49/],
    ['protocol 6', '80062e', /unsupported pickle protocol 6/],
    ['list as dict key', '80047d5d4e732e', /unhashable/],
  ];
  for (const [name, hex, pattern] of cases) {
    it(name, () => {
      const run = () => unpickle(Buffer.from(hex, 'hex'), { file: 'x.pkl' });
      expect(run).toThrow(ReadError);
      expect(run).toThrow(pattern);
    });
  }

  it('bounds MARK nesting and stack length', () => {
    expect(() => unpickle(Buffer.from('8004' + '28'.repeat(20), 'hex'), { file: 'x', maxMarks: 10 })).toThrow(
      /nesting deeper than 10/,
    );
    expect(() => unpickle(Buffer.from('8004' + '4e'.repeat(20), 'hex'), { file: 'x', maxStack: 10 })).toThrow(
      /stack deeper than 10/,
    );
  });
});
