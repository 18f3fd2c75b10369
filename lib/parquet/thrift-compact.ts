/**
 * The Thrift compact protocol (Parquet's footer and page headers) as a schema-free tree: decoding
 * keeps every field with its id and wire type, known or not, so a struct can be edited and written
 * back without knowing its IDL. Encoding a decoded tree gives back the same bytes for the canonical
 * encoding every Thrift library writes (short field headers for id deltas 1–15, minimal varints,
 * `false` in lists as 2). Pure.
 */

/** Wire types of the compact protocol (the bool field's value travels in its type nibble). */
export type ThriftType =
  'bool' | 'i8' | 'i16' | 'i32' | 'i64' | 'double' | 'binary' | 'list' | 'set' | 'map' | 'struct' | 'uuid';

/** A list or set: its element type and elements (each of that type). */
export interface ThriftList {
  readonly type: 'list' | 'set';
  readonly elementType: ThriftType;
  readonly elements: readonly ThriftValue[];
}

/** A map; an empty map carries no key and value types on the wire. */
export interface ThriftMap {
  readonly type: 'map';
  readonly keyType?: ThriftType;
  readonly valueType?: ThriftType;
  readonly entries: readonly (readonly [ThriftValue, ThriftValue])[];
}

/** A struct: its fields in wire order. */
export interface ThriftStruct {
  readonly type: 'struct';
  readonly fields: readonly ThriftField[];
}

/** One field of a struct: its id and value. */
export interface ThriftField {
  readonly id: number;
  readonly value: ThriftValue;
}

/** Any value; i64 is a bigint, `binary` also carries strings (UTF-8), `uuid` is 16 bytes. */
export type ThriftValue =
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'i8' | 'i16' | 'i32' | 'double'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'binary' | 'uuid'; readonly value: Uint8Array }
  | ThriftList
  | ThriftMap
  | ThriftStruct;

/** Bytes that are not a well-formed compact-protocol struct (truncated, unknown type, too deep). */
export class ThriftDecodeError extends Error {
  constructor(message: string, offset: number) {
    super(`Thrift compact: ${message} at byte ${offset}`);
    this.name = 'ThriftDecodeError';
  }
}

const CODES: Readonly<Record<ThriftType, number>> = {
  bool: 1, i8: 3, i16: 4, i32: 5, i64: 6, double: 7, binary: 8, list: 9, set: 10, map: 11, struct: 12, uuid: 13,
}; // prettier-ignore
const TYPES: readonly (ThriftType | undefined)[] = [
  undefined, 'bool', 'bool', 'i8', 'i16', 'i32', 'i64', 'double', 'binary', 'list', 'set', 'map', 'struct', 'uuid',
]; // prettier-ignore
/** Nesting deeper than this is refused (Parquet footers nest about 6 deep). */
const MAX_DEPTH = 64;

class Reader {
  offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never {
    throw new ThriftDecodeError(message, this.offset);
  }

  byte(): number {
    if (this.offset >= this.bytes.length) this.fail('truncated');
    return this.bytes[this.offset++] as number;
  }

  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) this.fail(`${length} bytes announced, fewer left`);
    this.offset += length;
    return this.bytes.slice(this.offset - length, this.offset);
  }

  /** An unsigned varint of at most 5 bytes (sizes, i16, i32) as a number. */
  varint32(): number {
    let value = 0;
    for (let i = 0, scale = 1; i < 5; i++, scale *= 128) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
    }
    return this.fail('varint longer than 5 bytes');
  }

  /** An unsigned varint of at most 10 bytes (i64); numbers while they are exact. */
  varint64(): bigint {
    let value = 0;
    for (let i = 0, scale = 1; i < 7; i++, scale *= 128) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return BigInt(value);
    }
    let big = BigInt(value);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      const b = this.byte();
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return big;
    }
    return this.fail('varint longer than 10 bytes');
  }

  size(): number {
    const value = this.varint32();
    if (value > 0x7fffffff) this.fail(`size ${value} out of range`);
    return value;
  }

  zigzag32(): number {
    const raw = this.varint32() >>> 0;
    return (raw >>> 1) ^ -(raw & 1);
  }

  zigzag64(): bigint {
    const raw = BigInt.asUintN(64, this.varint64());
    return (raw >> 1n) ^ -(raw & 1n);
  }

  double(): number {
    if (this.offset + 8 > this.bytes.length) this.fail('truncated double');
    this.offset += 8;
    return this.view.getFloat64(this.offset - 8, true);
  }

  typeOf(code: number): ThriftType {
    return TYPES[code] ?? this.fail(`unknown wire type ${code}`);
  }

  value(type: ThriftType, depth: number): ThriftValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    switch (type) {
      case 'bool':
        return { type, value: this.byte() === 1 };
      case 'i8':
        return { type, value: (this.byte() << 24) >> 24 };
      case 'i16':
        return { type, value: this.zigzag32() };
      case 'i32':
        return { type, value: this.zigzag32() };
      case 'i64':
        return { type, value: this.zigzag64() };
      case 'double':
        return { type, value: this.double() };
      case 'binary':
        return { type, value: this.take(this.size()) };
      case 'uuid':
        return { type, value: this.take(16) };
      case 'list':
      case 'set': {
        const header = this.byte();
        const count = header >> 4 === 15 ? this.size() : header >> 4;
        const elementType = this.typeOf(header & 0x0f);
        // Every element takes at least one byte: a count beyond the bytes left is damage, not data.
        if (count > this.bytes.length - this.offset) this.fail(`${count} elements announced, fewer bytes left`);
        const elements: ThriftValue[] = [];
        for (let i = 0; i < count; i++) elements.push(this.value(elementType, depth + 1));
        return { type, elementType, elements };
      }
      case 'map': {
        const count = this.size();
        if (count === 0) return { type, entries: [] };
        if (2 * count > this.bytes.length - this.offset) this.fail(`${count} entries announced, fewer bytes left`);
        const kinds = this.byte();
        const keyType = this.typeOf(kinds >> 4);
        const valueType = this.typeOf(kinds & 0x0f);
        const entries: [ThriftValue, ThriftValue][] = [];
        for (let i = 0; i < count; i++)
          entries.push([this.value(keyType, depth + 1), this.value(valueType, depth + 1)]);
        return { type, keyType, valueType, entries };
      }
      case 'struct': {
        const fields: ThriftField[] = [];
        let lastId = 0;
        for (let header = this.byte(); header !== 0; header = this.byte()) {
          const delta = header >> 4;
          const code = header & 0x0f;
          const id = delta === 0 ? this.zigzag32() : lastId + delta;
          const value: ThriftValue =
            code === 1 || code === 2 ? { type: 'bool', value: code === 1 } : this.value(this.typeOf(code), depth + 1);
          fields.push({ id, value });
          lastId = id;
        }
        return { type, fields };
      }
    }
  }
}

/** Decodes one struct from the start of `bytes`; `end` is the offset just after it. */
export function decodeStruct(bytes: Uint8Array): { struct: ThriftStruct; end: number } {
  const reader = new Reader(bytes);
  const struct = reader.value('struct', 0) as ThriftStruct;
  return { struct, end: reader.offset };
}

/**
 * Appends compact-protocol bytes. `value` writes a whole tree; the struct and list methods let a
 * caller write a struct field by field, e.g. a list whose elements it encoded earlier.
 */
export class CompactWriter {
  private bytes = new Uint8Array(256);
  private length = 0;
  private readonly lastIds: number[] = [];

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Raw bytes, e.g. one already encoded list element. */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  private varint(value: bigint): void {
    let rest = value;
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  private zigzag(value: bigint, bits: 16 | 32 | 64): void {
    const signed = BigInt.asIntN(bits, value);
    if (signed !== value) throw new RangeError(`${value} does not fit in i${bits}`);
    this.varint(BigInt.asUintN(bits, (signed << 1n) ^ (signed >> BigInt(bits - 1))));
  }

  /** Opens a struct written field by field (`field`, `fieldHeader`); close it with `endStruct`. */
  beginStruct(): this {
    this.lastIds.push(0);
    return this;
  }

  /** Ends the struct opened last (its stop byte). */
  endStruct(): this {
    this.byte(0);
    this.lastIds.pop();
    return this;
  }

  /** The header of field `id` of the open struct; a bool field's value goes in its header. */
  fieldHeader(id: number, type: ThriftType, bool?: boolean): this {
    const lastId = this.lastIds.at(-1);
    if (lastId === undefined) throw new Error('field outside a struct');
    const code = type === 'bool' ? (bool ? 1 : 2) : CODES[type];
    const delta = id - lastId;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | code);
    else {
      this.byte(code);
      this.zigzag(BigInt(id), 16);
    }
    this.lastIds[this.lastIds.length - 1] = id;
    return this;
  }

  /** One whole field of the open struct. */
  field(field: ThriftField): this {
    const { id, value } = field;
    this.fieldHeader(id, value.type, value.type === 'bool' ? value.value : undefined);
    if (value.type !== 'bool') this.value(value);
    return this;
  }

  /** The header of a list or set of `count` elements of `elementType`. */
  listHeader(elementType: ThriftType, count: number): this {
    if (count < 15) this.byte((count << 4) | CODES[elementType]);
    else {
      this.byte(0xf0 | CODES[elementType]);
      this.varint(BigInt(count));
    }
    return this;
  }

  /** A whole value (a bool outside a field header is one byte: 1 true, 2 false). */
  value(value: ThriftValue): this {
    switch (value.type) {
      case 'bool':
        return (this.byte(value.value ? 1 : 2), this);
      case 'i8':
        return (this.byte(value.value & 0xff), this);
      case 'i16':
      case 'i32':
        return (this.zigzag(BigInt(value.value), value.type === 'i16' ? 16 : 32), this);
      case 'i64':
        return (this.zigzag(value.value, 64), this);
      case 'double': {
        const eight = new Uint8Array(8);
        new DataView(eight.buffer).setFloat64(0, value.value, true);
        return this.raw(eight);
      }
      case 'binary':
        this.varint(BigInt(value.value.length));
        return this.raw(value.value);
      case 'uuid':
        if (value.value.length !== 16) throw new RangeError('a uuid is 16 bytes');
        return this.raw(value.value);
      case 'list':
      case 'set':
        this.listHeader(value.elementType, value.elements.length);
        for (const element of value.elements) this.value(checked(element, value.elementType));
        return this;
      case 'map': {
        this.varint(BigInt(value.entries.length));
        if (value.entries.length === 0) return this;
        const { keyType, valueType } = value;
        if (!keyType || !valueType) throw new Error('a non-empty map needs its key and value types');
        this.byte((CODES[keyType] << 4) | CODES[valueType]);
        for (const [key, item] of value.entries) this.value(checked(key, keyType)).value(checked(item, valueType));
        return this;
      }
      case 'struct':
        this.beginStruct();
        for (const field of value.fields) this.field(field);
        return this.endStruct();
    }
  }

  /** The bytes written so far (a copy). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

function checked(value: ThriftValue, type: ThriftType): ThriftValue {
  if (value.type !== type) throw new TypeError(`a ${value.type} among elements of type ${type}`);
  return value;
}

/** Encodes a struct (or any value) in the compact protocol. */
export function encodeThrift(value: ThriftValue): Uint8Array {
  return new CompactWriter().value(value).toBytes();
}

/** The value of field `id` of `struct`, if present. */
export function fieldOf(struct: ThriftStruct, id: number): ThriftValue | undefined {
  return struct.fields.find((f) => f.id === id)?.value;
}

/**
 * `struct` with fields replaced (a value), removed (`undefined`) or added, by id; fields keep their
 * order and new ones go in id order, so the encoding stays canonical.
 */
export function withFields(
  struct: ThriftStruct,
  changes: Readonly<Record<number, ThriftValue | undefined>>,
): ThriftStruct {
  const fields: ThriftField[] = [];
  for (const field of struct.fields) {
    if (!Object.hasOwn(changes, field.id)) fields.push(field);
    else if (changes[field.id]) fields.push({ id: field.id, value: changes[field.id] as ThriftValue });
  }
  for (const [key, value] of Object.entries(changes)) {
    const id = Number(key);
    if (!value || struct.fields.some((f) => f.id === id)) continue;
    const at = fields.findIndex((f) => f.id > id);
    fields.splice(at === -1 ? fields.length : at, 0, { id, value });
  }
  return { type: 'struct', fields };
}
