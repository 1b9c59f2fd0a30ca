import * as assert from 'node:assert/strict';
import { lsp, open, PASSWD } from './support.js';

async function hints(text: string): Promise<Array<[number, string]>> {
  const document = await open(text);
  const range = { start: { line: 0, character: 0 }, end: { line: document.textDocument.lineCount, character: 0 } };
  const found = (await lsp().Execsim.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range })) ?? [];
  return found.map((h) => [h.position.line, typeof h.label === 'string' ? h.label.trim() : '']);
}

describe('language server: inlay hints', () => {
  it('marks the fds a Linux exec closes on exec, and none it keeps', async () => {
    assert.deepEqual(await hints(PASSWD), [[11, 'closed on exec (line 15)']]);
  });

  it('shows nothing while the scenario has errors (its run is unknown)', async () => {
    assert.deepEqual(await hints(PASSWD.replace('expect login euid 0', 'expect nobody euid 0')), []);
  });

  it('shows nothing for a task that never execs', async () => {
    assert.deepEqual(await hints(PASSWD.replace('@passwd login: execve /usr/bin/passwd ["passwd"]\nexpect @passwd succeeds\nexpect login euid 0\n', '')), []);
  });
});
