/**
 * Parquet page framing shared by the writers of this folder: the PageHeader of an uncompressed
 * page (compact Thrift), the unsigned varints of the RLE/bit-packed hybrid, and the parquet-format
 * enum values they use. Pure.
 */
import { i32, struct } from './footer';
import { encodeThrift, type ThriftStruct } from './thrift-compact';

/** Physical types (parquet-format `Type`). */
export const PHYSICAL = { boolean: 0, int32: 1, int64: 2, float: 4, double: 5, byteArray: 6 } as const;
/** Field repetition (`FieldRepetitionType`). */
export const REPETITION = { required: 0, optional: 1 } as const;
/** Converted types (`ConvertedType`) the writers declare. */
export const CONVERTED = { utf8: 0, uint8: 11, uint16: 12, uint32: 13, int8: 15, int16: 16 } as const;
/** Encodings (`Encoding`). */
export const ENCODING = { plain: 0, rle: 3, rleDictionary: 8 } as const;
/** `CompressionCodec.UNCOMPRESSED`. */
export const UNCOMPRESSED = 0;
/** Page types, and the PageHeader field holding each one's own header. */
const PAGE = { data: 0, dictionary: 2 } as const;
const PAGE_HEADER_FIELD = { data: 5, dictionary: 7 } as const;

/** Unsigned LEB128 varint bytes of `value`. */
export function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

/** The header (compact Thrift) of an uncompressed page of `type` with a `payloadBytes`-byte payload. */
export function pageHeader(type: keyof typeof PAGE, header: ThriftStruct, payloadBytes: number): Uint8Array {
  const size = i32(payloadBytes);
  return encodeThrift(struct({ 1: i32(PAGE[type]), 2: size, 3: size, [PAGE_HEADER_FIELD[type]]: header }));
}

/** A page: its header then its payload, uncompressed. */
export function page(type: keyof typeof PAGE, header: ThriftStruct, payload: Uint8Array): Uint8Array {
  const head = pageHeader(type, header, payload.length);
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(head);
  bytes.set(payload, head.length);
  return bytes;
}
