/**
 * argdata_serialized_length and argdata_serialize (ARGDATA
 * src/argdata_serialized_length.c, src/argdata_serialize.c): the bytes a
 * program hands to proc_exec and the fds array that goes with them.
 *
 * Every fd value is renumbered while serializing: the n-th distinct fd met in
 * document order becomes n, and fds[n] is its number in the caller (map_fd: a
 * linear search, so a repeated fd reuses its index). An fd the reader cannot
 * convert is written as 0xffffffff and not listed. Without an fds array the
 * numbers are written as they are, which is how cloudabi-run passes literal fd
 * numbers to cloudabi-reexec.
 */
import { utf8Encode } from '../../../model/bytes.js';
import type { Argdata } from './value.js';
import {
  ADT,
  FD_INVALID,
  encodeFd,
  encodeSubfieldLength,
  encodeTwosComplement,
  fdPassthrough,
  parseFd,
  parseSubfield,
  subfieldSize,
} from './wire.js';

/** Nanoseconds since 1970 of a timestamp (argdata_create_timestamp computes them exactly, in 96 bits). */
export function timestampNanos(sec: string, nsec: number): bigint {
  return BigInt(sec) * 1_000_000_000n + BigInt(nsec);
}

/** The payload after the type byte of the values stored as a small buffer. */
function scalarPayload(ad: Argdata): number[] {
  switch (ad.type) {
    case 'bool':
      return ad.value ? [1] : [];
    case 'int':
      return encodeTwosComplement(BigInt(ad.value));
    case 'timestamp':
      return encodeTwosComplement(timestampNanos(ad.sec, ad.nsec));
    case 'float': {
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push(parseInt(ad.bits.slice(2 * i, 2 * i + 2), 16));
      return out;
    }
    default:
      throw new Error(`internal: ${ad.type} has no scalar payload`);
  }
}

/** ad->length: the encoded size of a value, type byte included (0 for null). */
export function encodedLength(ad: Argdata): number {
  switch (ad.type) {
    case 'null':
      return 0;
    case 'binary':
      return ad.bytes.length + 1;
    case 'fd':
      return 5;
    case 'str':
      return utf8Encode(ad.value).length + 2;
    case 'map':
      return ad.entries.reduce((n, e) => n + subfieldSize(encodedLength(e.key)) + subfieldSize(encodedLength(e.value)), 1);
    case 'seq':
      return ad.items.reduce((n, item) => n + subfieldSize(encodedLength(item)), 1);
    case 'buffer':
      return ad.bytes.length;
    default:
      return scalarPayload(ad).length + 1;
  }
}

function convertFdOf(policy: 'passthrough' | 'none'): (raw: number) => number {
  return policy === 'passthrough' ? fdPassthrough : () => -1;
}

/** countfds: how many fd values the tree holds (an upper bound on the fds array: duplicates count twice). */
export function countFds(ad: Argdata): number {
  switch (ad.type) {
    case 'fd':
      return 1;
    case 'map':
      return ad.entries.reduce((n, e) => n + countFds(e.key) + countFds(e.value), 0);
    case 'seq':
      return ad.items.reduce((n, item) => n + countFds(item), 0);
    case 'buffer':
      return countBufferFds(ad.bytes, 0, ad.bytes.length);
    default:
      return 0;
  }
}

function countBufferFds(bytes: readonly number[], start: number, end: number): number {
  if (end - start === 0) return 0;
  const type = bytes[start];
  if (type === ADT.map || type === ADT.seq) {
    let n = 0;
    for (let pos = start + 1; ; ) {
      const sub = parseSubfield(bytes, pos, end);
      if (!sub.ok) return n;
      n += countBufferFds(bytes, sub.start, sub.end);
      pos = sub.end;
    }
  }
  if (type === ADT.fd) return parseFd(bytes, start + 1, end) !== undefined ? 1 : 0;
  return 0;
}

/** argdata_serialized_length: datalen and the fds array size the caller must provide. */
export function serializedLength(ad: Argdata): { datalen: number; fdslen: number } {
  return { datalen: encodedLength(ad), fdslen: countFds(ad) };
}

export interface SerializedArgdata {
  readonly bytes: number[];
  /** The fds array: caller fd numbers in index order (empty in literal mode). */
  readonly fds: number[];
}

/**
 * argdata_serialize: `remap` fills an fds array as program_exec does;
 * `literal` passes NULL for it, so fd numbers are written unchanged.
 */
export function serialize(ad: Argdata, mode: 'remap' | 'literal'): SerializedArgdata {
  const out: number[] = [];
  const fds: number[] | null = mode === 'remap' ? [] : null;
  encode(ad, out, fds);
  return { bytes: out, fds: fds ?? [] };
}

/** Appends without spreading (large blobs would overflow the argument limit of push). */
function append(out: number[], bytes: readonly number[]): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
}

function mapFd(fd: number, fds: number[]): number {
  const i = fds.indexOf(fd);
  if (i >= 0) return i;
  fds.push(fd);
  return fds.length - 1;
}

function putFd(fd: number, out: number[], fds: number[] | null): void {
  if (fd < 0) out.push(...encodeFd(FD_INVALID));
  else if (fds === null) out.push(...encodeFd(fd));
  else out.push(...encodeFd(mapFd(fd, fds)));
}

function encodeSubfield(ad: Argdata, out: number[], fds: number[] | null): void {
  out.push(...encodeSubfieldLength(encodedLength(ad)));
  encode(ad, out, fds);
}

function encode(ad: Argdata, out: number[], fds: number[] | null): void {
  switch (ad.type) {
    case 'null':
      return;
    case 'binary':
      out.push(ADT.binary);
      append(out, ad.bytes);
      return;
    case 'fd':
      // argdata_create_fd makes a five-byte buffer whose conversion yields the fd itself.
      out.push(ADT.fd);
      putFd(ad.fd, out, fds);
      return;
    case 'str':
      out.push(ADT.str);
      append(out, utf8Encode(ad.value));
      out.push(0);
      return;
    case 'map':
      out.push(ADT.map);
      for (const e of ad.entries) {
        encodeSubfield(e.key, out, fds);
        encodeSubfield(e.value, out, fds);
      }
      return;
    case 'seq':
      out.push(ADT.seq);
      for (const item of ad.items) encodeSubfield(item, out, fds);
      return;
    case 'buffer':
      encodeBuffer(ad.bytes, 0, ad.bytes.length, convertFdOf(ad.convertFd), out, fds);
      return;
    default:
      out.push(ADT[ad.type], ...scalarPayload(ad));
      return;
  }
}

/**
 * The AD_BUFFER case of encode(): the type byte is copied, map and sequence
 * entries are walked for fds until one fails to parse, an fd is converted and
 * renumbered, and whatever is left is copied literally so that the structure
 * stays the same.
 */
function encodeBuffer(
  bytes: readonly number[],
  start: number,
  end: number,
  convert: (raw: number) => number,
  out: number[],
  fds: number[] | null,
): void {
  if (end === start) return;
  const type = bytes[start]!;
  out.push(type);
  let pos = start + 1;
  if (type === ADT.map || type === ADT.seq) {
    for (;;) {
      const sub = parseSubfield(bytes, pos, end);
      if (!sub.ok) break;
      out.push(...encodeSubfieldLength(sub.end - sub.start));
      encodeBuffer(bytes, sub.start, sub.end, convert, out, fds);
      pos = sub.end;
    }
  } else if (type === ADT.fd) {
    const raw = parseFd(bytes, pos, end);
    if (raw !== undefined) {
      putFd(convert(raw), out, fds);
      pos = end;
    }
  }
  for (let i = pos; i < end; i++) out.push(bytes[i]!);
}
