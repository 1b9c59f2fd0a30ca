import * as assert from 'node:assert/strict';
import { startSession, type Session } from './in-process-server.js';

const URI = 'file:///work/passwd.execsim';

describe('language server: the protocol', function () {
  this.timeout(60_000);
  let session: Session;
  before(async () => {
    session = await startSession();
  });
  after(async () => session.close());

  it('advertises exactly the features it implements', () => {
    const c = session.initialized.capabilities;
    const advertised = Object.entries(c)
      .filter(([, v]) => v !== undefined && v !== false)
      .map(([k]) => k)
      .sort();
    assert.deepEqual(advertised, [
      'codeActionProvider',
      'completionProvider',
      'definitionProvider',
      'documentFormattingProvider',
      'documentHighlightProvider',
      'documentRangeFormattingProvider',
      'documentSymbolProvider',
      'foldingRangeProvider',
      'hoverProvider',
      'inlayHintProvider',
      'referencesProvider',
      'renameProvider',
      'semanticTokensProvider',
      'textDocumentSync',
      'workspace',
      'workspaceSymbolProvider',
    ]);
  });

  it('publishes diagnostics for an opened document and clears them after the fixing edit', async () => {
    const first = session.nextDiagnostics(URI);
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'execsim', version: 1, text: 'system linux\ntask a pid 1\nexpect b pid 1\n' } });
    assert.deepEqual((await first).map((d) => [d.range.start.line, d.code, d.message]), [[2, 'unknown-task', 'no task named b']]);
    const second = session.nextDiagnostics(URI);
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 8 } }, text: 'a' }],
    });
    assert.deepEqual(await second, []);
  });

  it('answers a request about a document it never saw with an error', async () => {
    await assert.rejects(
      session.client.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///work/never-opened.execsim' }, position: { line: 0, character: 0 } }),
      (err: { code?: number; message?: string }) => typeof err.code === 'number' && /never-opened/.test(err.message ?? ''),
    );
  });
});
