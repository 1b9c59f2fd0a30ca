/**
 * The parser, with line-based error recovery. After a syntax error Chevrotain
 * skips ahead to the first token that may follow any rule on its stack; since
 * an action starts with a task name, almost any word qualifies and one error
 * would cascade into the next words of the same line. Here the parser skips to
 * the end of the line (or a closing brace, or the end of the file) instead:
 * one mistake, one diagnostic, and the next line parses normally.
 */
import { createParser, LangiumParser, type LangiumCoreServices } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

const STOPS = new Set(['NL', '}', 'EOF']);

interface RecoveringRecognizer {
  LA(k: number): IToken;
  flattenFollowSet(): TokenType[];
  findReSyncTokenType(): TokenType;
  canRecoverWithSingleTokenInsertion(expected: TokenType, follows: TokenType[]): boolean;
  canRecoverWithSingleTokenDeletion(expected: TokenType): boolean;
}

export function createExecsimParser(services: LangiumCoreServices): LangiumParser {
  const parser = new LangiumParser(services);
  const recognizer = (parser as unknown as { wrapper: RecoveringRecognizer }).wrapper;
  recognizer.findReSyncTokenType = function findLineEnd(this: RecoveringRecognizer): TokenType {
    const follows = this.flattenFollowSet();
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (STOPS.has(token.tokenType.name)) {
        const match = follows.find((t) => t === token.tokenType);
        if (match) return match;
        if (token.tokenType.name === 'EOF') return token.tokenType;
      }
    }
  };
  // No guessing inside a line: inserting a missing token or dropping a wrong one would
  // read the rest of the line in a way the writer did not mean (`close x 3` would become
  // `close <fd>` followed by a statement `x 3`), and report it as further mistakes.
  recognizer.canRecoverWithSingleTokenInsertion = () => false;
  recognizer.canRecoverWithSingleTokenDeletion = () => false;
  // Langium looks for the place of hidden nodes (comments) before every token, even when
  // there are none: a linear search among the siblings, quadratic in the number of
  // statements of a file. Nothing to place, nothing to search.
  const builder = (parser as unknown as { nodeBuilder: { addHiddenNodes(tokens: IToken[]): void } }).nodeBuilder;
  const addHiddenNodes = builder.addHiddenNodes.bind(builder);
  builder.addHiddenNodes = (tokens) => {
    if (tokens.length) addHiddenNodes(tokens);
  };
  createParser(services.Grammar, parser, services.parser.Lexer.definition);
  parser.finalize();
  return parser;
}
