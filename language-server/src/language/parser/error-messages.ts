/**
 * Parser and lexer messages in the words of the language ("expected a path,
 * found `x`") with a hint for the usual mistakes. The hint of a parser error is
 * kept by token, for the document validator to attach to the diagnostic.
 */
import type { IToken, TokenType } from 'chevrotain';
import { DefaultLexerErrorMessageProvider, LangiumParserErrorMessageProvider } from 'langium';

const TERMINALS: Readonly<Record<string, string>> = {
  NL: 'the end of the line',
  EOF: 'the end of the file',
  INT: 'a number',
  HEX: 'a hexadecimal number',
  STRING: 'a string',
  LABEL: 'a label (@name)',
  PATH: 'a path',
  ID: 'a name',
};

export function describeTokenType(type: TokenType): string {
  return TERMINALS[type.name] ?? `'${type.name}'`;
}

export function describeToken(token: IToken): string {
  const name = token.tokenType?.name;
  if (name === 'NL' || name === 'EOF' || token.image === '') return TERMINALS[name === 'NL' ? 'NL' : 'EOF']!;
  return `\`${token.image.length > 40 ? token.image.slice(0, 40) + '…' : token.image}\``;
}

function isKeywordToken(token: IToken): boolean {
  const name = token.tokenType?.name;
  return name !== undefined && !(name in TERMINALS);
}

function list(types: readonly TokenType[]): string {
  const names = [...new Set(types.map(describeTokenType))];
  if (names.length === 1) return names[0]!;
  const shown = names.slice(0, 10);
  return `one of ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}`;
}

export class ExecsimParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
  /** Hints for the tokens parser errors were reported at. */
  readonly hints = new WeakMap<IToken, string>();

  private hintFor(expected: readonly TokenType[], actual: IToken): string | undefined {
    const name = actual.tokenType?.name;
    if ((name === 'EOF' || actual.image === '') && expected.some((t) => t.name === '}')) return 'close the block with } on a line of its own';
    if (name === 'NL' || name === 'EOF' || actual.image === '') {
      return 'a statement ends with its line: write the rest of it on the same line';
    }
    if (expected.some((t) => t.name === 'NL')) return 'one statement per line: start a new line here';
    if (expected.some((t) => t.name === 'ID') && isKeywordToken(actual)) {
      return `\`${actual.image}\` is a word of the language; choose another name`;
    }
    if (expected.some((t) => t.name === 'PATH') && name === 'ID') {
      return `paths start with / (or ./ and ../); write other names in quotes: "${actual.image}"`;
    }
    return undefined;
  }

  private remember(actual: IToken, hint: string | undefined): void {
    if (hint) this.hints.set(actual, hint);
  }

  override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const { expected, actual } = options;
    const at = actual.tokenType?.name;
    if ((expected.name === 'EOF' || expected.name === '}') && at !== 'EOF' && at !== 'NL' && actual.image !== '') {
      // Words left over after a complete statement (the parser skips to the next line).
      this.remember(actual, 'one statement per line: start a new line here, or remove the rest of the line');
      return `unexpected ${describeToken(actual)} after the end of the statement`;
    }
    this.remember(options.actual, this.hintFor([options.expected], options.actual));
    return `expected ${describeTokenType(options.expected)}, found ${describeToken(options.actual)}`;
  }

  override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    this.remember(options.firstRedundant, 'one statement per line: start a new line here');
    return `unexpected ${describeToken(options.firstRedundant)}`;
  }

  override buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined));
    const actual = options.actual[0]!;
    this.remember(actual, this.hintFor(firsts, actual));
    return firsts.length ? `expected ${list(firsts)}, found ${describeToken(actual)}` : `unexpected ${describeToken(actual)}`;
  }

  override buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedIterationPaths.map((path) => path[0]).filter((t): t is TokenType => t !== undefined);
    const actual = options.actual[0]!;
    this.remember(actual, this.hintFor(firsts, actual));
    return firsts.length ? `expected ${list(firsts)}, found ${describeToken(actual)}` : `unexpected ${describeToken(actual)}`;
  }
}

export class ExecsimLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
  override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
    const ch = fullText.charAt(startOffset);
    if (ch === '"') return 'unterminated string: a string ends with " on the same line';
    const shown = ch === '\t' ? '\\t' : ch;
    return `unexpected character \`${shown}\``;
  }
}
