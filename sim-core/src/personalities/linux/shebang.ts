/**
 * The "#!" line as binfmt_script reads it (LINUX fs/binfmt_script.c: load_script):
 * only the first BINPRM_BUF_SIZE bytes are looked at; the interpreter is the first
 * word; everything after it up to the end of the line is ONE optional argument;
 * trailing blanks are trimmed; a line with no newline in the buffer is accepted
 * only if the interpreter name ends inside it (a truncated argument is fine, a
 * truncated interpreter path never is). Blanks are space and tab only.
 */
import { utf8Decode, utf8Encode } from '../../model/bytes.js';

/** include/uapi/linux/binfmts.h */
export const BINPRM_BUF_SIZE = 256;

export type ShebangParse =
  | { readonly ok: true; readonly interpreter: string; readonly arg?: string }
  | { readonly ok: false; readonly reason: 'not-a-script' | 'only-blanks' | 'truncated-interpreter' | 'no-interpreter' };

const isBlank = (b: number) => b === 0x20 || b === 0x09;

/**
 * Parses already made, by file head. The parse is a function of the text
 * alone, and a run execs the same few scripts again and again; the table is
 * emptied when full, so it stays small whatever the run.
 */
const parsed = new Map<string, ShebangParse>();
const PARSED_MAX = 64;

export function parseShebang(text: string): ShebangParse {
  let p = parsed.get(text);
  if (p === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    p = parse(text);
    parsed.set(text, p);
  }
  return p;
}

function parse(text: string): ShebangParse {
  const buf = new Uint8Array(BINPRM_BUF_SIZE);
  const bytes = utf8Encode(text);
  for (let i = 0; i < Math.min(bytes.length, BINPRM_BUF_SIZE); i++) buf[i] = bytes[i]!;
  if (buf[0] !== 0x23 || buf[1] !== 0x21) return { ok: false, reason: 'not-a-script' };

  const bufEnd = BINPRM_BUF_SIZE - 1;
  // strnchr stops at the first NUL as well as at the count.
  let iEnd = -1;
  for (let i = 0; i < BINPRM_BUF_SIZE && buf[i] !== 0; i++) {
    if (buf[i] === 0x0a) {
      iEnd = i;
      break;
    }
  }
  if (iEnd === -1) {
    const firstWord = nextNonBlank(buf, 2, bufEnd);
    if (firstWord === -1) return { ok: false, reason: 'only-blanks' };
    if (nextTerminator(buf, firstWord, bufEnd) === -1) return { ok: false, reason: 'truncated-interpreter' };
    iEnd = bufEnd;
    while (buf[iEnd - 1] === 0) iEnd--;
  }
  while (isBlank(buf[iEnd - 1]!)) iEnd--;

  const iName = nextNonBlank(buf, 2, iEnd);
  if (iName === -1 || iName === iEnd) return { ok: false, reason: 'no-interpreter' };
  const iSep = nextTerminator(buf, iName, iEnd);
  const iArg = iSep !== -1 && buf[iSep] !== 0 ? nextNonBlank(buf, iSep, iEnd) : -1;

  buf[iEnd] = 0;
  if (iArg !== -1) buf[iSep] = 0;
  const interpreter = cString(buf, iName);
  return iArg !== -1 ? { ok: true, interpreter, arg: cString(buf, iArg) } : { ok: true, interpreter };
}

function nextNonBlank(buf: Uint8Array, first: number, last: number): number {
  for (let i = first; i <= last; i++) if (!isBlank(buf[i]!)) return i;
  return -1;
}

function nextTerminator(buf: Uint8Array, first: number, last: number): number {
  for (let i = first; i <= last; i++) if (isBlank(buf[i]!) || buf[i] === 0) return i;
  return -1;
}

function cString(buf: Uint8Array, start: number): string {
  let end = start;
  while (end < buf.length && buf[end] !== 0) end++;
  return utf8Decode(buf, start, end);
}
