/**
 * The argdata wire format (ARGDATA src/argdata_impl.h): type bytes, the
 * subfield length prefix, fixed-size fd numbers, minimal two's-complement
 * integers and the UTF-8 check strings get at creation and when read.
 */
import type { Errno } from '../../../model/errno.js';

/** Type bytes (argdata_impl.h: ADT_*). The null value has no type byte at all. */
export const ADT = {
  binary: 1,
  bool: 2,
  fd: 3,
  float: 4,
  int: 5,
  map: 6,
  seq: 7,
  str: 8,
  timestamp: 9,
} as const;

export const FD_INVALID = 0xffffffff;

// ---------------------------------------------------------------- subfields

/** Bytes of the length prefix: big-endian base-128, high bit set on the last byte (encode_subfield_length). */
export function encodeSubfieldLength(length: number): number[] {
  const digits = [0x80 | (length & 0x7f)];
  for (let len = Math.floor(length / 128); len > 0; len = Math.floor(len / 128)) digits.unshift(len & 0x7f);
  return digits;
}

/** Size of a subfield: its length prefix plus its value (get_subfield_length). */
export function subfieldSize(length: number): number {
  let total = length;
  let field = length;
  do {
    total++;
    field = Math.floor(field / 128);
  } while (field !== 0);
  return total;
}

export type SubfieldResult =
  | { readonly ok: true; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly errno: Errno; readonly reason: string; readonly at: number };

/** size_t is 64 bits on the CloudABI targets the simulator models. */
const SIZE_T_BITS = 64n;

/**
 * parse_subfield: reads one length-prefixed field starting at `pos` of a
 * buffer ending at `end`. Rejections, all EINVAL: nothing left, a first byte
 * of 0x00 (an overlong encoding), a prefix that runs off the buffer, a length
 * that does not fit size_t, a length past the end of the buffer.
 */
export function parseSubfield(bytes: ArrayLike<number>, pos: number, end: number): SubfieldResult {
  if (pos >= end) return { ok: false, errno: 'EINVAL', reason: 'no bytes left for a length prefix', at: pos };
  if (bytes[pos] === 0) return { ok: false, errno: 'EINVAL', reason: 'overlong length encoding (first length byte is 0x00)', at: pos };
  let reclen = 0n;
  let p = pos;
  for (;;) {
    if (p >= end) return { ok: false, errno: 'EINVAL', reason: 'length prefix runs past the end of the buffer', at: pos };
    const c = bytes[p++]!;
    if (reclen >> (SIZE_T_BITS - 7n) !== 0n) return { ok: false, errno: 'EINVAL', reason: 'length does not fit in size_t', at: pos };
    reclen <<= 7n;
    reclen |= BigInt(c & 0x7f);
    if (c & 0x80) break;
  }
  if (reclen > BigInt(end - p)) {
    return { ok: false, errno: 'EINVAL', reason: `length ${reclen} is past the end of the buffer (${end - p} bytes left)`, at: pos };
  }
  return { ok: true, start: p, end: p + Number(reclen) };
}

// ---------------------------------------------------------------- fds

export function encodeFd(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

/** parse_fd: exactly four bytes, else EINVAL. */
export function parseFd(bytes: ArrayLike<number>, start: number, end: number): number | undefined {
  if (end - start !== 4) return undefined;
  return ((bytes[start]! << 24) >>> 0) + (bytes[start + 1]! << 16) + (bytes[start + 2]! << 8) + bytes[start + 3]!;
}

/** crt0's and the tests' fd_passthrough: numbers above INT_MAX are not fds. */
export function fdPassthrough(raw: number): number {
  return raw > 2 ** 31 - 1 ? -1 : raw;
}

// ---------------------------------------------------------------- integers

/**
 * Minimal two's-complement big-endian bytes: 0 has none, a positive number
 * whose top bit is set gets a leading 0x00, a negative one stops at the first
 * byte that carries the sign (argdata_create_int_u, argdata_create_int_s and
 * the trimming in argdata_create_timestamp).
 */
export function encodeTwosComplement(value: bigint): number[] {
  const out: number[] = [];
  if (value >= 0n) {
    for (let v = value; v !== 0n; v >>= 8n) out.unshift(Number(v & 0xffn));
    if (out.length > 0 && out[0]! & 0x80) out.unshift(0);
    return out;
  }
  let v = value;
  do {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v !== -1n || (out[0]! & 0x80) === 0);
  return out;
}

/** The signed value of big-endian two's-complement bytes (none is 0). */
export function decodeTwosComplement(bytes: ArrayLike<number>, start: number, end: number): bigint {
  let v = 0n;
  for (let i = start; i < end; i++) v = (v << 8n) | BigInt(bytes[i]!);
  if (end > start && bytes[start]! & 0x80) v -= 1n << BigInt(8 * (end - start));
  return v;
}

// ---------------------------------------------------------------- strings

/**
 * validate_string: well-formed UTF-8 without overlong forms, surrogates or
 * code points past U+10FFFF; NUL bytes are allowed. Else EILSEQ.
 */
export function validateUtf8(bytes: ArrayLike<number>, start: number, end: number): boolean {
  const mask = [0x7f, 0x7ff, 0xffff, 0x1fffff];
  let i = start;
  while (i < end) {
    let b = bytes[i++]!;
    if ((b & 0x80) === 0) continue;
    let codepoint = b;
    let n = 0;
    while (((b = (b << 1) & 0xff) & 0x80) !== 0) {
      if (i >= end || ++n > 3 || (bytes[i]! & 0xc0) !== 0x80) return false;
      codepoint = (codepoint << 6) | (bytes[i++]! & 0x3f);
    }
    codepoint &= mask[n]!;
    if (n === 0 || codepoint <= mask[n - 1]! || (codepoint >= 0xd800 && codepoint <= 0xdfff) || codepoint > 0x10ffff) return false;
  }
  return true;
}

// ---------------------------------------------------------------- hex

export function toHex(bytes: ArrayLike<number>, separator = ' '): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(separator);
}

export function fromHex(hex: string): number[] {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex bytes: ${hex}`);
  const out: number[] = [];
  for (let i = 0; i < clean.length; i += 2) out.push(parseInt(clean.slice(i, i + 2), 16));
  return out;
}
