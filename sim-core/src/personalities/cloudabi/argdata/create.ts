/**
 * What the argdata_create_* functions refuse (ARGDATA src/argdata_create_*.c),
 * checked over a whole tree in document order, and what a tree can hold at
 * all (the C types of the arguments). A tree that passes both can be
 * serialized.
 */
import type { Errno } from '../../../model/errno.js';
import { utf8Encode } from '../../../model/bytes.js';
import { INT64_MAX, INT64_MIN, INT_MAX, UINT64_MAX, isFloatBits, type Argdata } from './value.js';
import { validateUtf8 } from './wire.js';

export interface ArgdataFault {
  readonly errno: Errno;
  /** Where in the tree: `$`, `$.map[1].value`, `$.seq[0]`. */
  readonly path: string;
  readonly reason: string;
}

/**
 * The first value argdata_create_* would refuse: a negative fd (create_fd:
 * EBADF), a string that is not UTF-8 (create_str: EILSEQ), nanoseconds outside
 * 0..999999999 (create_timestamp: EINVAL). The program never gets to
 * serialize such a tree.
 */
export function creationFault(ad: Argdata, path = '$'): ArgdataFault | undefined {
  switch (ad.type) {
    case 'fd':
      return ad.fd < 0 ? { errno: 'EBADF', path, reason: `argdata_create_fd(${ad.fd}) refuses a negative fd` } : undefined;
    case 'str': {
      const bytes = utf8Encode(ad.value);
      return validateUtf8(bytes, 0, bytes.length) ? undefined : { errno: 'EILSEQ', path, reason: 'argdata_create_str: the text is not valid UTF-8 (a lone surrogate)' };
    }
    case 'timestamp':
      return ad.nsec < 0 || ad.nsec >= 1_000_000_000
        ? { errno: 'EINVAL', path, reason: `argdata_create_timestamp: tv_nsec ${ad.nsec} is outside 0..999999999` }
        : undefined;
    case 'map':
      for (let i = 0; i < ad.entries.length; i++) {
        const e = ad.entries[i]!;
        const f = creationFault(e.key, `${path}.map[${i}].key`) ?? creationFault(e.value, `${path}.map[${i}].value`);
        if (f) return f;
      }
      return undefined;
    case 'seq':
      for (let i = 0; i < ad.items.length; i++) {
        const f = creationFault(ad.items[i]!, `${path}.seq[${i}]`);
        if (f) return f;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Values no C program could pass to argdata_create_*: an fd that is not an
 * int, an integer outside intmax_t/uintmax_t, a time_t outside 64 bits,
 * malformed float bits, bytes outside 0..255. These are mistakes in a
 * scenario, reported before it runs.
 */
export function representationProblems(ad: Argdata, path = '$'): string[] {
  const out: string[] = [];
  const isByte = (b: number) => Number.isInteger(b) && b >= 0 && b <= 255;
  const bigintOf = (s: string): bigint | undefined => {
    if (!/^-?[0-9]+$/.test(s)) return undefined;
    return BigInt(s);
  };
  switch (ad.type) {
    case 'fd':
      if (!Number.isInteger(ad.fd) || ad.fd > INT_MAX || ad.fd < -(INT_MAX + 1)) out.push(`${path}: fd ${ad.fd} is not a C int`);
      break;
    case 'int': {
      const v = bigintOf(ad.value);
      if (v === undefined) out.push(`${path}: "${ad.value}" is not a decimal integer`);
      else if (v < INT64_MIN || v > UINT64_MAX) out.push(`${path}: ${ad.value} is outside intmax_t and uintmax_t (argdata_create_int takes one of them)`);
      break;
    }
    case 'timestamp': {
      const s = bigintOf(ad.sec);
      if (s === undefined) out.push(`${path}: seconds "${ad.sec}" is not a decimal integer`);
      else if (s < INT64_MIN || s > INT64_MAX) out.push(`${path}: ${ad.sec} seconds do not fit a 64-bit time_t`);
      if (!Number.isInteger(ad.nsec)) out.push(`${path}: nanoseconds ${ad.nsec} is not an integer`);
      break;
    }
    case 'float':
      if (!isFloatBits(ad.bits)) out.push(`${path}: float bits "${ad.bits}" are not 16 lowercase hex digits`);
      break;
    case 'binary':
    case 'buffer':
      if (!ad.bytes.every(isByte)) out.push(`${path}: ${ad.type} bytes must be integers 0..255`);
      break;
    case 'map':
      ad.entries.forEach((e, i) => {
        out.push(...representationProblems(e.key, `${path}.map[${i}].key`), ...representationProblems(e.value, `${path}.map[${i}].value`));
      });
      break;
    case 'seq':
      ad.items.forEach((item, i) => out.push(...representationProblems(item, `${path}.seq[${i}]`)));
      break;
    default:
      break;
  }
  return out;
}
