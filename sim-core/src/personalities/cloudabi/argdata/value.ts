/**
 * argdata values as plain, JSON-able data: what a CloudABI program builds with
 * the argdata_create_* functions (ARGDATA src/argdata.h) and hands to
 * program_exec. Integers and timestamps are decimal strings (any 64-bit value
 * survives JSON), floats are their IEEE-754 bits, so every value the C library
 * can hold is representable exactly.
 */

/** One key/value pair of a map, in the order the program gave them. */
export interface ArgdataEntry {
  readonly key: Argdata;
  readonly value: Argdata;
}

export type Argdata =
  /** argdata_null: encodes as the empty byte string. */
  | { readonly type: 'null' }
  /** argdata_create_binary. */
  | { readonly type: 'binary'; readonly bytes: readonly number[] }
  /** argdata_true / argdata_false. */
  | { readonly type: 'bool'; readonly value: boolean }
  /** argdata_create_fd: a file descriptor number of the program that builds the tree. */
  | { readonly type: 'fd'; readonly fd: number }
  /** argdata_create_float: the double's bits, 16 hex digits, big-endian. */
  | { readonly type: 'float'; readonly bits: string }
  /** argdata_create_int: a decimal integer from INTMAX_MIN to UINTMAX_MAX. */
  | { readonly type: 'int'; readonly value: string }
  /** argdata_create_map. */
  | { readonly type: 'map'; readonly entries: readonly ArgdataEntry[] }
  /** argdata_create_seq. */
  | { readonly type: 'seq'; readonly items: readonly Argdata[] }
  /** argdata_create_str: UTF-8 text (it may hold NUL characters). */
  | { readonly type: 'str'; readonly value: string }
  /** argdata_create_timestamp: seconds (decimal, a 64-bit time_t) and nanoseconds. */
  | { readonly type: 'timestamp'; readonly sec: string; readonly nsec: number }
  /**
   * argdata_from_buffer: already serialized bytes, kept as they are and only
   * looked into when read or re-serialized. `convertFd` is the reader's fd
   * conversion: `passthrough` (crt0's fd_passthrough: numbers above INT_MAX are
   * invalid) or `none` (no conversion function: every fd is invalid).
   */
  | { readonly type: 'buffer'; readonly bytes: readonly number[]; readonly convertFd: 'passthrough' | 'none' };

export type ArgdataType = Argdata['type'];

export const INT_MAX = 2 ** 31 - 1;
export const INT64_MIN = -(2n ** 63n);
export const UINT64_MAX = 2n ** 64n - 1n;
export const INT64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------- constructors

export const argNull: Argdata = { type: 'null' };
export const argTrue: Argdata = { type: 'bool', value: true };
export const argFalse: Argdata = { type: 'bool', value: false };

export function argBool(value: boolean): Argdata {
  return value ? argTrue : argFalse;
}

export function argFd(fd: number): Argdata {
  return { type: 'fd', fd };
}

export function argInt(value: bigint | number | string): Argdata {
  return { type: 'int', value: BigInt(value).toString() };
}

export function argStr(value: string): Argdata {
  return { type: 'str', value };
}

export function argBinary(bytes: ArrayLike<number>): Argdata {
  return { type: 'binary', bytes: Array.from(bytes) };
}

export function argFloat(value: number): Argdata {
  return { type: 'float', bits: floatBits(value) };
}

export function argTimestamp(sec: bigint | number | string, nsec: number): Argdata {
  return { type: 'timestamp', sec: BigInt(sec).toString(), nsec };
}

export function argMap(entries: ReadonlyArray<readonly [Argdata, Argdata]>): Argdata {
  return { type: 'map', entries: entries.map(([key, value]) => ({ key, value })) };
}

export function argSeq(items: readonly Argdata[]): Argdata {
  return { type: 'seq', items };
}

export function argBuffer(bytes: ArrayLike<number>, convertFd: 'passthrough' | 'none' = 'passthrough'): Argdata {
  return { type: 'buffer', bytes: Array.from(bytes), convertFd };
}

// ---------------------------------------------------------------- floats

/** The big-endian IEEE-754 bits of a double, as 16 hex digits. */
export function floatBits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += view.getUint8(i).toString(16).padStart(2, '0');
  return hex;
}

export function floatFromBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 8; i++) view.setUint8(i, parseInt(bits.slice(2 * i, 2 * i + 2), 16));
  return view.getFloat64(0);
}

export function isFloatBits(bits: string): boolean {
  return /^[0-9a-f]{16}$/.test(bits);
}
