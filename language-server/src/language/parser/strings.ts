/**
 * String literals: double quotes with the escapes \\ \" \n \t \r \0 \xHH and
 * \u{H…}. The printer writes strings back with the same escapes.
 */

export interface DecodedString {
  readonly value: string;
  /** Offset (inside the literal, quotes included) and text of the first bad escape. */
  readonly badEscape?: { readonly offset: number; readonly text: string };
}

const SIMPLE: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0' };

/** Decodes a literal including its quotes, as the lexer matched it. */
export function decodeString(literal: string): DecodedString {
  let value = '';
  let badEscape: DecodedString['badEscape'];
  const end = literal.length - 1;
  for (let i = 1; i < end; i++) {
    const c = literal[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const e = literal[i + 1] ?? '';
    if (e in SIMPLE) {
      value += SIMPLE[e];
      i++;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(literal.slice(i + 2, i + 4))) {
      value += String.fromCharCode(parseInt(literal.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (e === 'u' && literal[i + 2] === '{') {
      const close = literal.indexOf('}', i + 3);
      const hex = close > 0 ? literal.slice(i + 3, close) : '';
      const cp = /^[0-9a-fA-F]{1,6}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(cp) || cp > 0x10ffff) {
        badEscape ??= { offset: i, text: literal.slice(i, close > 0 ? close + 1 : i + 3) };
        value += e;
        i++;
      } else {
        value += String.fromCodePoint(cp);
        i = close;
      }
    } else {
      badEscape ??= { offset: i, text: `\\${e}` };
      value += e;
      i++;
    }
  }
  return badEscape ? { value, badEscape } : { value };
}

/** The literal for a string, quotes included: printable ASCII as is, the rest escaped. */
export function encodeString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp === 0) out += '\\0';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}
