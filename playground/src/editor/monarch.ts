/**
 * Colouring for the Monaco editor: a Monarch tokenizer whose keyword list is
 * the grammar's own (collected from language-server's generated grammar when
 * the page is built), and whose token shapes follow the terminals of
 * language-server/src/language/shared.langium (PhaseId, LABEL, PATH, STRING,
 * HEX, INT, SL_COMMENT). The language server stays the judge of what is valid.
 */
import type * as monaco from '@codingame/monaco-vscode-editor-api';

export const LANGUAGE_ID = 'execsim';

export function execsimMonarch(keywords: readonly string[]): monaco.languages.IMonarchLanguage {
  return {
    keywords: [...keywords],
    defaultToken: '',
    tokenizer: {
      root: [
        [/\/\/.*$/, 'comment'],
        [/"([^"\\\r\n]|\\[^\r\n])*"/, 'string'],
        [/"([^"\\\r\n]|\\[^\r\n])*$/, 'string.invalid'],
        [/@[A-Za-z_][A-Za-z0-9_-]*/, 'tag'],
        // A phase id: word.word…, as in `failed in linux.open_exec`.
        [/[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)+/, 'type.identifier'],
        [/\.{0,2}\/(?!\/)[^\s"\[\]{}(),;|]*/, 'string.path'],
        // Flags and errnos (O_CLOEXEC, F_SETFD, EACCES) are upper-case words.
        [/[A-Z][A-Z0-9_]+\b/, 'constant'],
        [/[A-Za-z_][A-Za-z0-9_-]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
        [/0[xX][0-9a-fA-F]+/, 'number.hex'],
        [/[0-9]+/, 'number'],
        [/[[\]{}()]/, '@brackets'],
        [/[=|,:*+]/, 'delimiter'],
      ],
    },
  };
}

/** How the editor treats brackets and comments (Toggle Line Comment, bracket matching). */
export const languageConfiguration: monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//' },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
};
