/**
 * Bad input through the real server over a stream connection: random edits
 * (and now and then huge lines and deep nesting) to an open scenario, each
 * followed by a random request at a random place. The server must answer
 * every request (a result, or one of the errors that say "not now" or "cannot
 * format this"), never publish an internal error, and still answer at the end.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { startSession, type Session } from './in-process-server.js';
import { examples } from '../../support.js';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const URI = 'file:///work/fuzz.execsim';
/** Error codes a correct server may answer with: cancelled, content modified, request failed (formatting refusals, rename checks). */
const ACCEPTED_ERRORS = new Set([-32800, -32801, -32803]);
const MAX_TEXT = 40_000;
/** Edits sent before waiting for the answers. */
const BURST = 100;

const SNIPPETS = [
  'system linux\n', 'system hurd\n', 'system cloudabi\n', 'task a pid 1 {\n', '}\n', 'fd 3 = /etc/x ro cloexec\n', 'filesystem {\n',
  'file /bin/sh elf static mode 4755\n', '@x a: execve /bin/sh ["sh"]\n', 'expect @x fails ENOENT\n', 'expect a fds [0 = /dev/tty rw]\n',
  'a: fork b\n', 'a: pipe p O_CLOEXEC\n', 'expect @x failed in linux.open_exec\n', 'a.main: close 3\n', '"unterminated', '// comment\n',
  '[', ']', '{', '}', '"', '\\', '@', '.', ':', '|', '*', '+', ',', '\n', ' ', '\t', '\r\n', '0755', '99999999999999999999', 'x'.repeat(40),
  '"x" * 131072', '["sh"] + ["x"] * 3000', 'é✓\u0000\uFEFF', 'expect', 'machine {\n  kernel 6.12\n}\n', 'symlink /a -> /a\n',
];

const edit = fc.record({
  start: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.nat({ max: 40 }),
  insert: fc.oneof(
    { weight: 300, arbitrary: fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 4 }).map((a) => a.join('')) },
    { weight: 100, arbitrary: fc.string({ maxLength: 20 }) },
    // Huge lines and deep nesting: about 25 of the cases. (Hundreds of consecutive lines that
    // do not parse cost the parser's recovery about 0.5 ms each per edit, and thousands exhaust
    // its stack: the parser guard's own test covers that case.)
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(200_000), '"' + 'a'.repeat(100_000) + '"', '['.repeat(5_000), '{\n'.repeat(200), 'a: execve /x ' + '['.repeat(10_000), '.'.repeat(50_000)) },
  ),
});

const REQUESTS = [
  'textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/references', 'textDocument/documentHighlight',
  'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/formatting',
  'textDocument/rangeFormatting', 'textDocument/codeAction', 'textDocument/inlayHint', 'textDocument/rename', 'textDocument/prepareRename',
] as const;

const kase = fc.record({
  edit: fc.oneof({ weight: 30, arbitrary: edit }, { weight: 1, arbitrary: fc.constant('reset' as const) }),
  request: fc.constantFrom(...REQUESTS),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('language server: fuzzed edits and requests', function () {
  this.timeout(600_000);
  let session: Session;
  const internal: Diagnostic[] = [];
  before(async () => {
    session = await startSession();
    session.client.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: Diagnostic[] }) => {
      internal.push(...p.diagnostics.filter((d) => d.code === 'internal-error'));
    });
  });
  after(async () => session.close());

  it(`answers every one of ${CASES} requests after random edits, and never reports an internal error`, async () => {
    const seeds = examples().map(([, text]) => text);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const cases = fc.sample(kase, { numRuns: CASES, seed });
    let doc = TextDocument.create(URI, 'execsim', 1, seeds[0]!);
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'execsim', version: 1, text: doc.getText() } });
    let reset = 0;
    // Edits come in bursts, as from someone typing: each edit cancels the checks of the one
    // before, and the requests in between are answered once the document settles.
    for (let first = 0; first < cases.length; first += BURST) {
      const answers: Array<Promise<void>> = [];
      for (let i = first; i < Math.min(cases.length, first + BURST); i++) {
        const c = cases[i]!;
        const text = doc.getText();
        let change;
        if (c.edit === 'reset' || text.length > MAX_TEXT) {
          const fresh = seeds[++reset % seeds.length]!;
          change = { range: { start: doc.positionAt(0), end: doc.positionAt(text.length) }, text: fresh };
        } else {
          const start = Math.floor(c.edit.start * text.length);
          const end = Math.min(text.length, start + c.edit.length);
          change = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: c.edit.insert };
        }
        doc = TextDocument.update(doc, [change], doc.version + 1);
        void session.client.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: doc.version }, contentChanges: [change] });
        const position = doc.positionAt(Math.floor(c.at * doc.getText().length));
        const where = `case ${i} (FUZZ_SEED=${seed}): ${c.request} at ${position.line}:${position.character}`;
        answers.push(
          withTimeout(session.client.sendRequest(c.request, paramsFor(c.request, position, doc.lineCount)), 60_000, where).then(
            () => undefined,
            (err: { code?: number; message?: string }) => {
              if (!ACCEPTED_ERRORS.has(err.code ?? 0)) throw new Error(`${where} failed: ${err.code} ${err.message}`);
            },
          ),
        );
      }
      await Promise.all(answers);
    }
    const symbols = await withTimeout(session.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }), 20_000, 'final documentSymbol');
    assert.ok(Array.isArray(symbols));
    assert.deepEqual(internal, []);
  });
});

function paramsFor(method: (typeof REQUESTS)[number], position: { line: number; character: number }, lines: number): object {
  const textDocument = { uri: URI };
  const range = { start: { line: Math.max(0, position.line - 2), character: 0 }, end: { line: Math.min(lines, position.line + 2), character: 0 } };
  switch (method) {
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: true } };
    case 'textDocument/documentSymbol':
    case 'textDocument/foldingRange':
    case 'textDocument/semanticTokens/full':
      return { textDocument };
    case 'textDocument/formatting':
      return { textDocument, options: { tabSize: 2, insertSpaces: true } };
    case 'textDocument/rangeFormatting':
      return { textDocument, range, options: { tabSize: 2, insertSpaces: true } };
    case 'textDocument/codeAction':
      return { textDocument, range, context: { diagnostics: [] } };
    case 'textDocument/inlayHint':
      return { textDocument, range };
    case 'textDocument/rename':
      return { textDocument, position, newName: 'renamed' };
    default:
      return { textDocument, position };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
