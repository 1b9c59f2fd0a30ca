/**
 * argdata_print_yaml (ARGDATA src/argdata_print_yaml.c): the YAML text a
 * program gets for a value, used by the debugger to show the argdata a
 * program receives. Each value is printed with an explicit tag and its scalar
 * quoted; anything no getter accepts is printed as null.
 */
import { floatFromBits } from './value.js';
import type { DecodedArgdata } from './reader.js';

export const YAML_HEADER = '%TAG ! tag:nuxi.nl,2015:cloudabi/\n---\n';

export function printYaml(d: DecodedArgdata): string {
  return `${YAML_HEADER}${printNode(d, 0)}\n`;
}

const space = (depth: number) => '\n' + ' '.repeat(depth);

function printNode(d: DecodedArgdata, depth: number): string {
  switch (d.type) {
    case 'binary':
      return `!!binary "${base64(d.bytes)}"`;
    case 'bool':
      return d.value ? '!!bool "true"' : '!!bool "false"';
    case 'fd':
      return d.fd === null ? '!fd "invalid"' : `!fd "${d.fd}"`;
    case 'float':
      return `!!float "${formatDouble(floatFromBits(d.bits))}"`;
    case 'int':
      return `!!int "${d.value}"`;
    case 'map': {
      if (d.entries.length === 0) return '!!map {}';
      let s = '!!map {';
      for (const e of d.entries) {
        s += `${space(depth + 2)}? ${printNode(e.key, depth + 2)}${space(depth + 2)}: ${printNode(e.value, depth + 2)},`;
      }
      return `${s}${space(depth)}}`;
    }
    case 'seq': {
      if (d.items.length === 0) return '!!seq []';
      let s = '!!seq [';
      for (const item of d.items) s += `${space(depth + 2)}${printNode(item, depth + 2)},`;
      return `${s}${space(depth)}]`;
    }
    case 'str':
      return `!!str "${escapeString(d.value)}"`;
    case 'timestamp': {
      const t = gmtime(BigInt(d.sec));
      if (!t) return '!!null "null"';
      return `!!timestamp "${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(d.nsec, 9)}Z"`;
    }
    case 'null':
    case 'invalid':
      return '!!null "null"';
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: readonly number[]): string {
  let s = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1]!, bytes[i + 2]!];
    s += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]! + B64[((b & 15) << 2) | (c >> 6)]! + B64[c & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const a = bytes[i]!;
    s += B64[a >> 2]! + B64[(a & 3) << 4]! + '==';
  } else if (rest === 2) {
    const [a, b] = [bytes[i]!, bytes[i + 1]!];
    s += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]! + B64[(b & 15) << 2]! + '=';
  }
  return s;
}

/**
 * print_yaml's float: printf("%.17e") with trailing zeros of the significand
 * and leading zeros of the exponent removed, a zero exponent left out.
 * cloudlibc's printf starts from the shortest digits that read back as the
 * same double (CLOUDLIBC src/libc/float10/f10dec.cc: __f10dec uses
 * double-conversion's SHORTEST mode), so the result is those digits; the JS
 * shortest round-trip form gives the same digits.
 */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return '0';
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const significand = mant.replace(/\.?0+$/, '');
  const sign = exp[0]!;
  const digits = exp.slice(1).replace(/^0+/, '');
  return digits === '' ? significand : `${significand}e${sign}${digits}`;
}

const ESCAPES: Record<number, string> = {
  0x00: '\\0',
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x1b: '\\e',
  0x22: '\\"',
  0x5c: '\\\\',
  0x85: '\\N',
  0xa0: '\\_',
  0x2028: '\\L',
  0x2029: '\\P',
};

/**
 * The escaping of print_yaml's string case: short escapes first, printable
 * characters as they are, the rest as \xNN, \uNNNN or \UNNNNNNNN. "Printable"
 * here is every code point outside Unicode's Other categories (\p{C}), an
 * approximation of cloudlibc's iswprint_l in its Unicode locale.
 */
export function escapeString(value: string): string {
  let s = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    const esc = ESCAPES[c];
    if (esc !== undefined) s += esc;
    else if (!/\p{C}/u.test(ch)) s += ch;
    else if (c <= 0xff) s += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c <= 0xffff) s += `\\u${c.toString(16).padStart(4, '0')}`;
    else s += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return s;
}

/** printf %0Nd: the sign counts towards the width. */
function pad(n: number, width: number): string {
  return n < 0 ? '-' + String(-n).padStart(width - 1, '0') : String(n).padStart(width, '0');
}

/**
 * gmtime_r: the UTC calendar date of seconds since 1970 (proleptic Gregorian,
 * days from civil by Howard Hinnant's algorithm). Undefined when the year does
 * not fit tm_year (an int counted from 1900), where gmtime_r fails.
 */
export function gmtime(sec: bigint): { year: number; month: number; day: number; hour: number; minute: number; second: number } | undefined {
  const DAY = 86400n;
  let days = sec / DAY;
  let rem = sec % DAY;
  if (rem < 0n) {
    rem += DAY;
    days -= 1n;
  }
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = doy - (153n * mp + 2n) / 5n + 1n;
  const month = mp < 10n ? mp + 3n : mp - 9n;
  const year = yoe + era * 400n + (month <= 2n ? 1n : 0n);
  const tmYear = year - 1900n;
  if (tmYear < -(2n ** 31n) || tmYear > 2n ** 31n - 1n) return undefined;
  const r = Number(rem);
  return { year: Number(year), month: Number(month), day: Number(day), hour: Math.floor(r / 3600), minute: Math.floor((r % 3600) / 60), second: r % 60 };
}
