/**
 * One-line renderings of argdata trees in a YAML flow style, for traces, call
 * stacks and expectation messages: `{smtp: !fd 3, hostname: "mail"}`. A value
 * the caller built and the same value read back by the new program print the
 * same way, so they can be compared as text.
 */
import { floatFromBits, type Argdata } from './value.js';
import { base64, gmtime } from './print-yaml.js';
import { decodeArgdata, type DecodedArgdata } from './reader.js';
import { fdPassthrough, toHex } from './wire.js';

function formatFloat(bits: string): string {
  const x = floatFromBits(bits);
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function formatTimestamp(sec: string, nsec: number): string {
  const t = gmtime(BigInt(sec));
  if (!t || t.year < 0 || t.year > 9999) return `!!timestamp ${sec}s+${nsec}ns`;
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `!!timestamp ${p(t.year, 4)}-${p(t.month, 2)}-${p(t.day, 2)}T${p(t.hour, 2)}:${p(t.minute, 2)}:${p(t.second, 2)}.${p(nsec, 9)}Z`;
}

export function formatArgdata(ad: Argdata): string {
  switch (ad.type) {
    case 'null':
      return 'null';
    case 'bool':
      return String(ad.value);
    case 'fd':
      return `!fd ${ad.fd}`;
    case 'int':
      return ad.value;
    case 'float':
      return formatFloat(ad.bits);
    case 'str':
      return JSON.stringify(ad.value);
    case 'timestamp':
      return formatTimestamp(ad.sec, ad.nsec);
    case 'binary':
      return `!!binary "${base64(ad.bytes)}"`;
    case 'map':
      return `{${ad.entries.map((e) => `${formatArgdata(e.key)}: ${formatArgdata(e.value)}`).join(', ')}}`;
    case 'seq':
      return `[${ad.items.map(formatArgdata).join(', ')}]`;
    case 'buffer':
      // Already serialized bytes: shown as what a reader finds in them.
      return formatDecoded(decodeArgdata(ad.bytes, ad.convertFd === 'passthrough' ? fdPassthrough : () => -1));
  }
}

export function formatDecoded(d: DecodedArgdata): string {
  switch (d.type) {
    case 'null':
      return 'null';
    case 'bool':
      return String(d.value);
    case 'fd':
      return d.fd === null ? '!fd invalid' : `!fd ${d.fd}`;
    case 'int':
      return d.value;
    case 'float':
      return formatFloat(d.bits);
    case 'str':
      return JSON.stringify(d.value);
    case 'timestamp':
      return formatTimestamp(d.sec, d.nsec);
    case 'binary':
      return `!!binary "${base64(d.bytes)}"`;
    case 'map': {
      const items = d.entries.map((e) => `${formatDecoded(e.key)}: ${formatDecoded(e.value)}`);
      if (d.stop) items.push(`!unreadable "${d.stop.reason}"`);
      return `{${items.join(', ')}}`;
    }
    case 'seq': {
      const items = d.items.map(formatDecoded);
      if (d.stop) items.push(`!unreadable "${d.stop.reason}"`);
      return `[${items.join(', ')}]`;
    }
    case 'invalid':
      return `!invalid "${d.reason}"`;
  }
}

/** Hex of a byte string, shortened in the middle when long (traces stay readable). */
export function shortHex(bytes: ArrayLike<number>, max = 48): string {
  if (bytes.length <= max) return toHex(bytes);
  const head = Array.from({ length: max / 2 }, (_, i) => bytes[i]!);
  const tail = Array.from({ length: 8 }, (_, i) => bytes[bytes.length - 8 + i]!);
  return `${toHex(head)} … ${toHex(tail)} (${bytes.length} bytes)`;
}
