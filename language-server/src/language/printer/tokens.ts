/**
 * How single values are written back: names as bare words where the lexer
 * would read them back as the same word, paths bare where they are paths,
 * long runs of one character as `"x" * N`.
 */
import { AstUtils, GrammarAST } from 'langium';
import { ExecsimGrammar } from '../generated/grammar.js';
import { encodeString } from '../parser/strings.js';

const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PATH = /^\.{0,2}\/(?!\/)[^\s"[\]{}(),;|]*$/;
/** Runs of one character at least this long are written as `"c" * N`. */
const RUN = 32;

let keywords: ReadonlySet<string> | undefined;

/** Every keyword of the grammar: such a word must be quoted where a name is written. */
export function languageKeywords(): ReadonlySet<string> {
  keywords ??= new Set(
    AstUtils.streamAllContents(ExecsimGrammar())
      .filter(GrammarAST.isKeyword)
      .map((k) => k.value)
      .toArray(),
  );
  return keywords;
}

/** Thrown when a Scenario holds something the language cannot write (it did not come from text). */
export class UnprintableError extends Error {}

export function isBareName(s: string): boolean {
  return ID.test(s) && !languageKeywords().has(s);
}

/** A name the grammar reads as ID only (tasks, threads, pipes, variables). */
export function printName(s: string): string {
  if (!isBareName(s)) throw new UnprintableError(`"${s}" cannot be written as a name`);
  return s;
}

/** A word the grammar reads as ID or STRING. */
export function printWord(s: string): string {
  return isBareName(s) ? s : printString(s);
}

export function printPath(s: string): string {
  return PATH.test(s) ? s : printString(s);
}

/** A string expression: literal parts joined with `+`, long runs of one character as `"c" * N`. */
export function printString(s: string): string {
  if (s.length < RUN) return encodeString(s);
  const parts: string[] = [];
  let literal = '';
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    let j = i + ch.length;
    while (s.startsWith(ch, j)) j += ch.length;
    const n = (j - i) / ch.length;
    if (n >= RUN) {
      if (literal) parts.push(encodeString(literal));
      literal = '';
      parts.push(`${encodeString(ch)} * ${n}`);
    } else {
      literal += s.slice(i, j);
    }
    i = j;
  }
  if (literal) parts.push(encodeString(literal));
  return parts.join(' + ');
}

/** A string list: runs of one repeated item as `[item] * N`, the rest as list literals, joined with `+`. */
export function printStringList(items: readonly string[]): string {
  const parts: string[] = [];
  let literal: string[] = [];
  const flush = () => {
    if (literal.length) parts.push(`[${literal.join(', ')}]`);
    literal = [];
  };
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    while (j < items.length && items[j] === items[i]) j++;
    if (j - i >= 4) {
      flush();
      parts.push(`[${printString(items[i]!)}] * ${j - i}`);
    } else {
      for (let k = i; k < j; k++) literal.push(printString(items[k]!));
    }
    i = j;
  }
  flush();
  return parts.length ? parts.join(' + ') : '[]';
}
