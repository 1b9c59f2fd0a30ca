/**
 * The scenario parser for the language server: when a text makes the parser
 * run out of stack (thousands of unclosed blocks), the document gets an empty
 * scenario and one syntax error on its first line instead of a build that
 * throws — which would leave every later request about the document waiting
 * for a state it never reaches. (parseScenario reports the same case the same
 * way for the command line.)
 */
import { LangiumParser, RootCstNodeImpl, type LangiumCoreServices, type ParseResult } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { createExecsimParser } from '../../language/parser/parser.js';
import type * as ast from '../../language/generated/ast.js';

export const TOO_DEEP = 'the text is nested too deeply to be read';

export function createGuardedParser(services: LangiumCoreServices): LangiumParser {
  const parser = createExecsimParser(services);
  // A parse cut short by the stack leaves the parser's state unknown: later texts go to a new one.
  let current = parser;
  const parseWith = (p: LangiumParser) => LangiumParserParse.bind(p);
  let parse = parseWith(current);
  parser.parse = <T>(input: string, options?: Parameters<LangiumParser['parse']>[1]): ParseResult<T> => {
    try {
      return parse(input, options) as ParseResult<T>;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      current = createExecsimParser(services);
      parse = parseWith(current);
      return tooDeep(input) as unknown as ParseResult<T>;
    }
  };
  return parser;
}

const LangiumParserParse = LangiumParser.prototype.parse;

function tooDeep(input: string): ParseResult<ast.Scenario> {
  const cst = new RootCstNodeImpl(input);
  const value = { $type: 'Scenario', statements: [], $cstNode: cst } as unknown as ast.Scenario;
  cst.astNode = value;
  const end = input.search(/\r|\n|$/);
  const token = { image: input.slice(0, end), startOffset: 0, endOffset: Math.max(0, end - 1), startLine: 1, startColumn: 1, endLine: 1, endColumn: Math.max(1, end), tokenTypeIdx: 0, tokenType: { name: 'TOO_DEEP' } } as unknown as IToken;
  const error = { name: 'NestingError', message: TOO_DEEP, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } } as unknown as IRecognitionException;
  return { value, parserErrors: [error], lexerErrors: [], lexerReport: { diagnostics: [] } } as unknown as ParseResult<ast.Scenario>;
}
