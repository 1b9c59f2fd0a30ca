/**
 * argdata trees as the scenario language writes them, in a YAML-like flow
 * style on one line (`{smtp: fd 4, listeners: [fd 4, fd 5], workers: 4}`),
 * lowered to sim-core's Argdata and printed back. The value types are
 * ARGDATA's (src/argdata.h: argdata_create_binary … argdata_create_timestamp).
 */
import type * as ast from '../generated/ast.js';
import type { Argdata } from '../../../../sim-core/src/personalities/cloudabi/api.js';
import { floatBits, floatFromBits } from '../../../../sim-core/src/personalities/cloudabi/api.js';
import type { LoweringContext } from '../lowering/context.js';
import { lowerString } from '../lowering/strings.js';
import { isBareName, printString, UnprintableError } from '../printer/tokens.js';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = { '.inf': Infinity, '+.inf': Infinity, '-.inf': -Infinity, '.nan': NaN };

function signed(negative: boolean, value: number): number {
  return negative ? -value : value;
}

/** The Argdata of a written tree, or undefined after reporting why not. */
export function lowerArgdata(node: ast.Argdata | undefined, cx: LoweringContext): Argdata | undefined {
  if (!node) return undefined;
  switch (node.$type) {
    case 'ArgNull':
      return { type: 'null' };
    case 'ArgBool':
      return { type: 'bool', value: node.value };
    case 'ArgFd':
      return node.fd === undefined ? undefined : { type: 'fd', fd: signed(node.negative, node.fd) };
    case 'ArgInt': {
      if (node.value !== undefined) return { type: 'int', value: BigInt(signed(node.negative, node.value)).toString() };
      if (node.text === undefined) return undefined;
      const text = node.text.trim();
      if (!/^-?\d+$/.test(text)) {
        cx.error('bad-value', `int "${node.text}" is not a decimal integer`, 'write the digits with an optional minus sign: int "18446744073709551615"', node, 'text');
        return undefined;
      }
      const value = BigInt(text);
      if (value < INT64_MIN || value > UINT64_MAX) {
        cx.error('bad-value', `int ${text} does not fit argdata_create_int`, `integers go from ${INT64_MIN} (INTMAX_MIN) to ${UINT64_MAX} (UINTMAX_MAX)`, node, 'text');
        return undefined;
      }
      return { type: 'int', value: value.toString() };
    }
    case 'ArgFloat': {
      if (node.text === undefined) return undefined;
      const text = node.text.trim();
      if (/^0x[0-9a-fA-F]{16}$/.test(text)) return { type: 'float', bits: text.slice(2).toLowerCase() };
      const value = text in SPECIAL_FLOATS ? SPECIAL_FLOATS[text]! : DECIMAL.test(text) ? Number(text) : undefined;
      if (value === undefined) {
        cx.error('bad-value', `float "${node.text}" is not a number`, 'write a decimal ("1.5", "-2e10"), ".inf", "-.inf", ".nan", or the 64 bits as "0x3ff8000000000000"', node, 'text');
        return undefined;
      }
      return { type: 'float', bits: floatBits(value) };
    }
    case 'ArgStr': {
      const value = lowerString(node.value, cx);
      return value === undefined ? undefined : { type: 'str', value };
    }
    case 'ArgBinary': {
      if (node.hex === undefined) return undefined;
      const hex = node.hex.replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) {
        cx.error('bad-value', `binary "${node.hex}" is not a string of hex bytes`, 'two hex digits per byte, blanks allowed: binary "de ad be ef"', node, 'hex');
        return undefined;
      }
      return { type: 'binary', bytes: (hex.match(/../g) ?? []).map((b) => parseInt(b, 16)) };
    }
    case 'ArgTimestamp': {
      if (node.sec === undefined || node.nsec === undefined) return undefined;
      if (node.nsec > 999_999_999) {
        cx.error('bad-value', `${node.nsec} nanoseconds is a second or more`, 'nanoseconds go from 0 to 999999999; carry the rest into the seconds', node, 'nsec');
        return undefined;
      }
      return { type: 'timestamp', sec: String(signed(node.negative, node.sec)), nsec: node.nsec };
    }
    case 'ArgSeq': {
      const items: Argdata[] = [];
      for (const item of node.items) {
        const value = lowerArgdata(item, cx);
        if (!value) return undefined;
        items.push(value);
      }
      return { type: 'seq', items };
    }
    case 'ArgMap': {
      const entries: { key: Argdata; value: Argdata }[] = [];
      for (const entry of node.entries) {
        const key: Argdata | undefined = entry.name !== undefined ? { type: 'str', value: entry.name } : lowerArgdata(entry.key, cx);
        const value = lowerArgdata(entry.value, cx);
        if (!key || !value) return undefined;
        entries.push({ key, value });
      }
      return { type: 'map', entries };
    }
  }
}

/** The shortest decimal that gives back exactly these bits, or undefined (NaN payloads). */
function decimalFloat(bits: string): string | undefined {
  const x = floatFromBits(bits);
  let text: string;
  if (Number.isNaN(x)) text = '.nan';
  else if (x === Infinity) text = '.inf';
  else if (x === -Infinity) text = '-.inf';
  else if (Object.is(x, -0)) text = '-0';
  else text = String(x);
  const back = text in SPECIAL_FLOATS ? SPECIAL_FLOATS[text]! : Number(text);
  return floatBits(back) === bits ? text : undefined;
}

function printInt(value: string): string {
  const n = BigInt(value);
  return n >= BigInt(-Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? value : `int "${value}"`;
}

function safeInteger(text: string, what: string): string {
  if (!Number.isSafeInteger(Number(text))) throw new UnprintableError(`${what} ${text} is too large to write`);
  return text;
}

export function printArgdata(ad: Argdata): string {
  switch (ad.type) {
    case 'null':
      return 'null';
    case 'bool':
      return String(ad.value);
    case 'fd':
      return `fd ${ad.fd}`;
    case 'int':
      return printInt(ad.value);
    case 'float':
      return `float "${decimalFloat(ad.bits) ?? `0x${ad.bits}`}"`;
    case 'str':
      return printString(ad.value);
    case 'binary':
      return `binary "${ad.bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
    case 'timestamp':
      return `timestamp ${safeInteger(ad.sec, 'timestamp')} ${ad.nsec}`;
    case 'seq':
      return `[${ad.items.map(printArgdata).join(', ')}]`;
    case 'map':
      return `{${ad.entries.map((e) => `${e.key.type === 'str' && isBareName(e.key.value) ? e.key.value : printArgdata(e.key)}: ${printArgdata(e.value)}`).join(', ')}}`;
    case 'buffer':
      throw new UnprintableError('an already serialized argdata buffer has no syntax; write the tree');
  }
}
