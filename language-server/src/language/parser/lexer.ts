/**
 * The lexer keeps newlines as tokens (one statement per line is syntax) but
 * folds runs of them: blank lines and comment-only lines end the previous
 * statement once, and leading newlines are dropped. The folded newline tokens
 * stay in the syntax tree as hidden nodes, so no text goes missing.
 *
 * A string without its closing quote is lexed as one hidden token and
 * reported here, so the rest of its line is not read as words; so are an
 * escape the language does not have and a number too large to be exact.
 *
 * A word right after a dot (no blank between) is a name even when it is a
 * keyword elsewhere: phase ids like `hurd.exec.check` and `linux.nproc` stay
 * plain dotted names. `main` keeps its meaning in `task.main`.
 */
import type { IToken } from 'chevrotain';
import { DefaultLexer, type LexerResult, type LexingDiagnostic, type TokenizeOptions } from 'langium';
import { decodeString } from './strings.js';

export class ExecsimLexer extends DefaultLexer {
  override tokenize(text: string, options?: TokenizeOptions): LexerResult {
    const result = super.tokenize(text, options);
    const tokens: IToken[] = [];
    const folded: IToken[] = [];
    const id = this.definition['ID']!;
    for (const token of result.tokens) {
      const previous = tokens[tokens.length - 1];
      if (previous?.image === '.' && previous.endOffset! + 1 === token.startOffset && isKeyword(token) && token.image !== 'main') {
        token.tokenType = id;
        token.tokenTypeIdx = id.tokenTypeIdx!;
      }
      if (token.tokenType.name === 'NL') {
        const previous = tokens[tokens.length - 1];
        if (!previous || previous.tokenType.name === 'NL') {
          folded.push(token);
          continue;
        }
      }
      tokens.push(token);
    }
    const hidden = folded.length ? mergeByOffset(result.hidden, folded) : result.hidden;
    const diagnostics: ExecsimLexingDiagnostic[] = [];
    for (const t of result.hidden) {
      if (t.tokenType.name !== 'UNTERMINATED_STRING') continue;
      diagnostics.push({
        message: 'unterminated string: a string ends with " on the same line',
        offset: t.startOffset,
        length: t.image.length,
        line: t.startLine,
        column: t.startColumn,
        severity: 'error',
        code: 'syntax',
      });
    }
    for (const t of tokens) {
      const type = t.tokenType.name;
      if ((type === 'INT' || type === 'HEX') && t.image.length > 15 && !Number.isSafeInteger(Number(t.image))) {
        diagnostics.push({
          message: `${t.image} is too large a number`,
          offset: t.startOffset,
          length: t.image.length,
          line: t.startLine,
          column: t.startColumn,
          severity: 'error',
          code: 'bad-value',
          hint: `numbers go up to ${Number.MAX_SAFE_INTEGER}`,
        });
        continue;
      }
      if (type !== 'STRING' || !t.image.includes('\\')) continue;
      const bad = decodeString(t.image).badEscape;
      if (!bad) continue;
      diagnostics.push({
        message: `unknown escape ${bad.text} in a string`,
        offset: t.startOffset + bad.offset,
        length: bad.text.length,
        line: t.startLine,
        column: t.startColumn! + bad.offset,
        severity: 'error',
        code: 'bad-escape',
        hint: 'escapes are \\\\ \\" \\n \\t \\r \\0 \\xHH and \\u{H…}',
      });
    }
    if (!diagnostics.length) return { ...result, tokens, hidden };
    return { ...result, tokens, hidden, report: { diagnostics: [...(result.report?.diagnostics ?? []), ...diagnostics] } };
  }
}

const TERMINALS = new Set(['NL', 'HEX', 'INT', 'STRING', 'LABEL', 'PATH', 'ID']);

function isKeyword(token: IToken): boolean {
  return !TERMINALS.has(token.tokenType.name) && /^[A-Za-z_]/.test(token.image);
}

/** A lexing diagnostic with the language's code and hint (carried to the diagnostic by the document validator). */
export interface ExecsimLexingDiagnostic extends LexingDiagnostic {
  readonly code?: string;
  readonly hint?: string;
}

function mergeByOffset(a: readonly IToken[], b: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.startOffset < b[j]!.startOffset)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
