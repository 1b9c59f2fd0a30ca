/**
 * Reading argdata the way a CloudABI program does (ARGDATA src/argdata_get_*.c,
 * argdata_map_iterate.c, argdata_map_next.c, argdata_seq_iterate.c,
 * argdata_seq_next.c): each getter checks the type byte and the payload and
 * refuses with EINVAL, ERANGE, EILSEQ or EBADF; map and sequence iteration
 * stops at the first entry that does not parse.
 *
 * `decodeArgdata` turns a buffer into a plain tree by trying the getters in
 * the order argdata_print_yaml does, so the tree is what a program can read
 * and `decodeProblems` lists every rejection with its place.
 */
import type { Errno } from '../../../model/errno.js';
import { utf8Decode } from '../../../model/bytes.js';
import { ADT, decodeTwosComplement, fdPassthrough, parseFd, parseSubfield, validateUtf8 } from './wire.js';

/** A serialized value: bytes [start, end) and the reader's fd conversion (convert_fd). */
export interface ArgdataView {
  readonly bytes: ArrayLike<number>;
  readonly start: number;
  readonly end: number;
  readonly convertFd: (raw: number) => number;
}

export function viewOf(bytes: ArrayLike<number>, convertFd: (raw: number) => number = fdPassthrough): ArgdataView {
  return { bytes, start: 0, end: bytes.length, convertFd };
}

export type Got<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errno: Errno; readonly reason: string };

const fail = (errno: Errno, reason: string): Got<never> => ({ ok: false, errno, reason });

const TYPE_NAMES: Record<number, string> = {
  [ADT.binary]: 'binary',
  [ADT.bool]: 'bool',
  [ADT.fd]: 'fd',
  [ADT.float]: 'float',
  [ADT.int]: 'int',
  [ADT.map]: 'map',
  [ADT.seq]: 'seq',
  [ADT.str]: 'str',
  [ADT.timestamp]: 'timestamp',
};

/** parse_type: a value of this type starts with its type byte. */
function payloadOf(v: ArgdataView, type: number): Got<{ start: number; end: number }> {
  if (v.end - v.start < 1) return fail('EINVAL', 'empty value (null)');
  const t = v.bytes[v.start]!;
  if (t !== type) return fail('EINVAL', `type byte ${t} is ${TYPE_NAMES[t] ?? 'no argdata type'}, not ${TYPE_NAMES[type]}`);
  return { ok: true, value: { start: v.start + 1, end: v.end } };
}

export function getBinary(v: ArgdataView): Got<number[]> {
  const p = payloadOf(v, ADT.binary);
  if (!p.ok) return p;
  return { ok: true, value: Array.from({ length: p.value.end - p.value.start }, (_, i) => v.bytes[p.value.start + i]!) };
}

/** argdata_get_bool: no payload is false, a single 0x01 is true, anything else EINVAL. */
export function getBool(v: ArgdataView): Got<boolean> {
  const p = payloadOf(v, ADT.bool);
  if (!p.ok) return p;
  const len = p.value.end - p.value.start;
  if (len === 0) return { ok: true, value: false };
  if (len === 1 && v.bytes[p.value.start] === 1) return { ok: true, value: true };
  return fail('EINVAL', 'a bool payload is empty (false) or the single byte 01 (true)');
}

/** argdata_get_fd: four bytes (EINVAL otherwise), then the reader's conversion (EBADF when it refuses). */
export function getFd(v: ArgdataView): Got<{ raw: number; fd: number }> {
  const p = payloadOf(v, ADT.fd);
  if (!p.ok) return p;
  const raw = parseFd(v.bytes, p.value.start, p.value.end);
  if (raw === undefined) return fail('EINVAL', `an fd payload is 4 bytes, this one is ${p.value.end - p.value.start}`);
  const fd = v.convertFd(raw);
  if (fd < 0) return fail('EBADF', `fd number 0x${raw.toString(16).padStart(8, '0')} is not an fd of this process`);
  return { ok: true, value: { raw, fd } };
}

/** argdata_get_float: exactly eight bytes. The bits are returned as 16 hex digits. */
export function getFloat(v: ArgdataView): Got<string> {
  const p = payloadOf(v, ADT.float);
  if (!p.ok) return p;
  if (p.value.end - p.value.start !== 8) return fail('EINVAL', `a float payload is 8 bytes, this one is ${p.value.end - p.value.start}`);
  let bits = '';
  for (let i = p.value.start; i < p.value.end; i++) bits += v.bytes[i]!.toString(16).padStart(2, '0');
  return { ok: true, value: bits };
}

/** argdata_get_int into intmax_t: at most eight bytes (ERANGE). */
export function getIntSigned(v: ArgdataView): Got<bigint> {
  const p = payloadOf(v, ADT.int);
  if (!p.ok) return p;
  const len = p.value.end - p.value.start;
  if (len > 8) return fail('ERANGE', `${len} bytes do not fit intmax_t`);
  return { ok: true, value: decodeTwosComplement(v.bytes, p.value.start, p.value.end) };
}

/** argdata_get_int into uintmax_t: not negative, at most eight bytes or nine with a leading 00 (ERANGE). */
export function getIntUnsigned(v: ArgdataView): Got<bigint> {
  const p = payloadOf(v, ADT.int);
  if (!p.ok) return p;
  const len = p.value.end - p.value.start;
  if (len > 0 && v.bytes[p.value.start]! & 0x80) return fail('ERANGE', 'negative number');
  if (len > 8 && (len !== 9 || v.bytes[p.value.start] !== 0)) return fail('ERANGE', `${len} bytes do not fit uintmax_t`);
  return { ok: true, value: decodeTwosComplement(v.bytes, p.value.start, p.value.end) };
}

/** argdata_get_str: a terminating NUL (EINVAL) and valid UTF-8 before it (EILSEQ). */
export function getStr(v: ArgdataView): Got<string> {
  const p = payloadOf(v, ADT.str);
  if (!p.ok) return p;
  const { start, end } = p.value;
  if (end - start < 1 || v.bytes[end - 1] !== 0) return fail('EINVAL', 'a string ends with a NUL byte; this one does not');
  if (!validateUtf8(v.bytes, start, end - 1)) return fail('EILSEQ', 'the string is not valid UTF-8');
  return { ok: true, value: utf8Decode(v.bytes, start, end - 1) };
}

const NS = 1_000_000_000n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MAX = 2n ** 63n - 1n;

/** C's truncating division and remainder. */
function cdiv(a: bigint, b: bigint): bigint {
  return a / b;
}

/**
 * argdata_get_timestamp: at most twelve bytes (ERANGE); the nanoseconds are
 * split into seconds and nanoseconds with the same 64/32-bit steps as the C
 * code, which refuses (ERANGE) what does not fit a 64-bit time_t.
 */
export function getTimestamp(v: ArgdataView): Got<{ sec: bigint; nsec: number }> {
  const p = payloadOf(v, ADT.timestamp);
  if (!p.ok) return p;
  const { start, end } = p.value;
  const len = end - start;
  if (len > 12) return fail('ERANGE', `${len} bytes are more than the 12 a timestamp can have`);
  const payload: number[] = [];
  const pad = len > 0 && v.bytes[start]! & 0x80 ? 0xff : 0;
  for (let i = 0; i < 12 - len; i++) payload.push(pad);
  for (let i = start; i < end; i++) payload.push(v.bytes[i]!);
  let high = decodeTwosComplement(payload, 0, 8);
  let low = 0n;
  for (let i = 8; i < 12; i++) low = (low << 8n) | BigInt(payload[i]!);
  let highRem = high - cdiv(high, NS) * NS;
  high = cdiv(high, NS);
  if (highRem < 0n) {
    highRem += NS;
    high -= 1n;
  }
  if (high < INT32_MIN || high > INT32_MAX) return fail('ERANGE', 'the seconds do not fit a 64-bit time_t');
  low += highRem << 32n;
  const nsec = Number(low % NS);
  low /= NS;
  if (low > INT64_MAX || high << 32n > INT64_MAX - low) return fail('ERANGE', 'the seconds do not fit a 64-bit time_t');
  return { ok: true, value: { sec: low + (high << 32n), nsec } };
}

export interface SubfieldStop {
  readonly errno: Errno;
  readonly reason: string;
  /** Offset of the subfield that did not parse, from the start of the whole buffer. */
  readonly at: number;
}

export interface Iteration<T> {
  /** Entries read before the end or before the first one that did not parse. */
  readonly entries: T[];
  /** Why iteration stopped early (the iterator became ARGDATA_ITERATOR_INVALID). */
  readonly stop?: SubfieldStop;
}

function sub(v: ArgdataView, start: number, end: number): ArgdataView {
  return { bytes: v.bytes, start, end, convertFd: v.convertFd };
}

/** argdata_map_iterate / argdata_map_next. Undefined when the value is not a map. */
export function iterateMap(v: ArgdataView): Iteration<{ key: ArgdataView; value: ArgdataView }> | undefined {
  const p = payloadOf(v, ADT.map);
  if (!p.ok) return undefined;
  const entries: Array<{ key: ArgdataView; value: ArgdataView }> = [];
  for (let pos = p.value.start; pos < p.value.end; ) {
    const k = parseSubfield(v.bytes, pos, p.value.end);
    if (!k.ok) return { entries, stop: { errno: k.errno, reason: `map key ${entries.length}: ${k.reason}`, at: k.at } };
    const val = parseSubfield(v.bytes, k.end, p.value.end);
    if (!val.ok) return { entries, stop: { errno: val.errno, reason: `map value ${entries.length}: ${val.reason}`, at: val.at } };
    entries.push({ key: sub(v, k.start, k.end), value: sub(v, val.start, val.end) });
    pos = val.end;
  }
  return { entries };
}

/** argdata_seq_iterate / argdata_seq_next. Undefined when the value is not a sequence. */
export function iterateSeq(v: ArgdataView): Iteration<ArgdataView> | undefined {
  const p = payloadOf(v, ADT.seq);
  if (!p.ok) return undefined;
  const entries: ArgdataView[] = [];
  for (let pos = p.value.start; pos < p.value.end; ) {
    const e = parseSubfield(v.bytes, pos, p.value.end);
    if (!e.ok) return { entries, stop: { errno: e.errno, reason: `sequence entry ${entries.length}: ${e.reason}`, at: e.at } };
    entries.push(sub(v, e.start, e.end));
    pos = e.end;
  }
  return { entries };
}

// ---------------------------------------------------------------- decoding to a tree

export type DecodedArgdata =
  | { readonly type: 'null' }
  | { readonly type: 'binary'; readonly bytes: readonly number[] }
  | { readonly type: 'bool'; readonly value: boolean }
  /** `fd` is null when the reader's conversion refused the number (argdata_get_fd: EBADF). */
  | { readonly type: 'fd'; readonly raw: number; readonly fd: number | null }
  | { readonly type: 'float'; readonly bits: string }
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'map'; readonly entries: ReadonlyArray<{ readonly key: DecodedArgdata; readonly value: DecodedArgdata }>; readonly stop?: SubfieldStop }
  | { readonly type: 'seq'; readonly items: readonly DecodedArgdata[]; readonly stop?: SubfieldStop }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'timestamp'; readonly sec: string; readonly nsec: number }
  /** No getter accepts the bytes (argdata_print_yaml prints such a value as null). */
  | { readonly type: 'invalid'; readonly typeByte: number; readonly errno: Errno; readonly reason: string; readonly at: number };

/** A whole serialized value read back, as a program would (crt0 uses fd_passthrough). */
export function decodeArgdata(bytes: ArrayLike<number>, convertFd: (raw: number) => number = fdPassthrough): DecodedArgdata {
  return decodeView(viewOf(bytes, convertFd));
}

export function decodeView(v: ArgdataView): DecodedArgdata {
  if (v.end === v.start) return { type: 'null' };
  const bin = getBinary(v);
  if (bin.ok) return { type: 'binary', bytes: bin.value };
  const b = getBool(v);
  if (b.ok) return { type: 'bool', value: b.value };
  const fd = getFd(v);
  if (fd.ok) return { type: 'fd', raw: fd.value.raw, fd: fd.value.fd };
  if (fd.errno === 'EBADF') return { type: 'fd', raw: parseFd(v.bytes, v.start + 1, v.end)!, fd: null };
  const f = getFloat(v);
  if (f.ok) return { type: 'float', bits: f.value };
  const si = getIntSigned(v);
  if (si.ok) return { type: 'int', value: si.value.toString() };
  const ui = getIntUnsigned(v);
  if (ui.ok) return { type: 'int', value: ui.value.toString() };
  const map = iterateMap(v);
  // argdata_print_yaml only treats it as a map when the first entry loads (or there is none).
  if (map && !(map.stop && map.entries.length === 0)) {
    return {
      type: 'map',
      entries: map.entries.map((e) => ({ key: decodeView(e.key), value: decodeView(e.value) })),
      ...(map.stop ? { stop: map.stop } : {}),
    };
  }
  const seq = iterateSeq(v);
  if (seq && !(seq.stop && seq.entries.length === 0)) {
    return { type: 'seq', items: seq.entries.map(decodeView), ...(seq.stop ? { stop: seq.stop } : {}) };
  }
  const s = getStr(v);
  if (s.ok) return { type: 'str', value: s.value };
  const ts = getTimestamp(v);
  if (ts.ok) return { type: 'timestamp', sec: ts.value.sec.toString(), nsec: ts.value.nsec };
  const typeByte = v.bytes[v.start]!;
  const why = whyInvalid(v, typeByte, map?.stop ?? seq?.stop);
  return { type: 'invalid', typeByte, errno: why.errno, reason: why.reason, at: v.start };
}

/** The refusal of the getter that matches the type byte. */
function whyInvalid(v: ArgdataView, typeByte: number, stop: SubfieldStop | undefined): { errno: Errno; reason: string } {
  const r = (g: Got<unknown>) => (g.ok ? { errno: 'EINVAL' as Errno, reason: 'internal' } : { errno: g.errno, reason: g.reason });
  switch (typeByte) {
    case ADT.bool:
      return r(getBool(v));
    case ADT.fd:
      return r(getFd(v));
    case ADT.float:
      return r(getFloat(v));
    case ADT.int:
      return r(getIntUnsigned(v));
    case ADT.str:
      return r(getStr(v));
    case ADT.timestamp:
      return r(getTimestamp(v));
    case ADT.map:
    case ADT.seq:
      return stop ? { errno: stop.errno, reason: stop.reason } : { errno: 'EINVAL', reason: 'internal' };
    default:
      return { errno: 'EINVAL', reason: `type byte ${typeByte} is not an argdata type` };
  }
}

export interface DecodeProblem {
  readonly path: string;
  readonly errno: Errno;
  readonly reason: string;
}

/** Every place a reader is refused: invalid values, fds it cannot convert, maps and sequences cut short. */
export function decodeProblems(d: DecodedArgdata, path = '$'): DecodeProblem[] {
  switch (d.type) {
    case 'invalid':
      return [{ path, errno: d.errno, reason: d.reason }];
    case 'fd':
      return d.fd === null ? [{ path, errno: 'EBADF', reason: `fd number 0x${d.raw.toString(16).padStart(8, '0')} cannot be converted` }] : [];
    case 'map':
      return [
        ...d.entries.flatMap((e, i) => [...decodeProblems(e.key, `${path}.map[${i}].key`), ...decodeProblems(e.value, `${path}.map[${i}].value`)]),
        ...(d.stop ? [{ path, errno: d.stop.errno, reason: d.stop.reason }] : []),
      ];
    case 'seq':
      return [
        ...d.items.flatMap((item, i) => decodeProblems(item, `${path}.seq[${i}]`)),
        ...(d.stop ? [{ path, errno: d.stop.errno, reason: d.stop.reason }] : []),
      ];
    default:
      return [];
  }
}
