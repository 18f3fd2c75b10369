/**
 * The bottom layer of the pickle VM: the position in the pickle and its operand decoders. Every
 * length is checked against the remaining bytes before anything is allocated; failures throw
 * ReadError with the file name and the offset of the opcode being read.
 */
import type { Buffer } from 'node:buffer';
import { ReadError } from '../read-error';
import type { Fail } from './numpy';
import { decodeLong, decodeUtf8 } from './text';
import { PyBytes, type Source } from './values';
import type { UnpickleOptions } from './vm-options';

/** Reads opcode operands at `pos` of one pickle. */
export class PickleInput {
  protected pos = 0;
  /** Offset of the opcode being executed, for error messages. */
  protected opStart = 0;
  protected readonly bytes: Buffer;
  protected readonly fail: Fail = (detail) => {
    throw new ReadError(this.options.file, detail, { offset: this.opStart });
  };

  constructor(
    protected readonly source: Source,
    protected readonly options: UnpickleOptions,
  ) {
    this.bytes = source.bytes;
  }

  protected need(n: number): void {
    if (n > this.bytes.length - this.pos) this.fail(`needs ${n} more bytes but the file ends (truncated?)`);
  }

  protected readU8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  protected readU32(): number {
    this.need(4);
    const n = this.source.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  protected readU64(): number {
    this.need(8);
    const low = this.source.view.getUint32(this.pos, true);
    const high = this.source.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    if (high >= 0x200000) return this.fail('length beyond 2^53 bytes');
    return high * 0x1_0000_0000 + low;
  }

  protected readText(length: number): string {
    this.need(length);
    const start = this.pos;
    this.pos += length;
    const text = decodeUtf8(this.bytes, start, this.pos);
    return text ?? this.fail('string is not valid UTF-8');
  }

  protected readBytes(length: number): PyBytes {
    this.need(length);
    const bytes = new PyBytes(this.source, this.pos, this.pos + length);
    this.pos += length;
    return bytes;
  }

  protected readLong(length: number): number | bigint {
    if (length > 1024) return this.fail(`integer of ${length} bytes is too large`);
    this.need(length);
    const value = decodeLong(this.bytes, this.pos, length);
    this.pos += length;
    return value;
  }

  protected readLine(): string {
    const limit = Math.min(this.bytes.length, this.pos + 256);
    const start = this.pos;
    let i = start;
    while (i < limit && this.bytes[i] !== 0x0a) i++;
    if (i >= limit) return this.fail('GLOBAL name is unterminated or too long');
    this.pos = i + 1;
    return decodeUtf8(this.bytes, start, i) ?? this.fail('GLOBAL name is not valid UTF-8');
  }
}
