import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lsp, open, PASSWD } from './support.js';

/** The quick fixes offered for the diagnostics of a code, each with the text it would make. */
async function fixes(text: string, code: string): Promise<Array<{ title: string; result: string }>> {
  const document = await open(text);
  const diagnostics = (document.diagnostics ?? []).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `a ${code} diagnostic`);
  const actions = (await lsp().Execsim.lsp.CodeActionProvider!.getCodeActions(document, {
    textDocument: { uri: document.uri.toString() },
    range: diagnostics[0]!.range,
    context: { diagnostics },
  })) as CodeAction[];
  return actions.map((a) => ({ title: a.title, result: TextDocument.applyEdits(document.textDocument, a.edit!.changes![document.uri.toString()]!) }));
}

describe('language server: quick fixes', () => {
  it('changes the system to one that has the statement', async () => {
    const result = await fixes('system hurd\ntask a pid 1\na: prctl PR_SET_NO_NEW_PRIVS\n', 'unsupported-on-system');
    assert.deepEqual(result, [{ title: 'Change the system to linux', result: 'system linux\ntask a pid 1\na: prctl PR_SET_NO_NEW_PRIVS\n' }]);
  });

  it('changes the system for a statement only another system has', async () => {
    const result = await fixes('system hurd\ntask a pid 1\nexpect a AT_SECURE 1\n', 'wrong-system');
    assert.deepEqual(result, [{ title: 'Change the system to linux', result: 'system linux\ntask a pid 1\nexpect a AT_SECURE 1\n' }]);
  });

  it('adds a missing file to the filesystem block', async () => {
    const result = await fixes('system linux\nfilesystem {\n  dir /etc\n}\ntask a pid 1 {\n  fd 3 = /etc/motd ro\n}\n', 'missing-file');
    assert.deepEqual(result, [{ title: 'Add `file /etc/motd data` to the filesystem', result: 'system linux\nfilesystem {\n  dir /etc\n  file /etc/motd data\n}\ntask a pid 1 {\n  fd 3 = /etc/motd ro\n}\n' }]);
  });

  it('makes a filesystem block for a missing file when there is none', async () => {
    const result = await fixes('system linux\ntask a pid 1 {\n  cwd /srv\n}\n', 'missing-file');
    assert.deepEqual(result.map((r) => r.result), ['system linux\n\nfilesystem {\n  dir /srv\n}\ntask a pid 1 {\n  cwd /srv\n}\n']);
  });

  it('marks cloexec an fd that a set-ID exec would inherit', async () => {
    const text = PASSWD.replace('fd 3 = /etc/shadow ro cloexec', 'fd 3 = /etc/shadow ro O_APPEND');
    const result = await fixes(text, 'fd-leaks-into-secure-exec');
    assert.deepEqual(result, [{ title: 'Mark fd 3 cloexec', result: PASSWD.replace('fd 3 = /etc/shadow ro cloexec', 'fd 3 = /etc/shadow ro cloexec O_APPEND') }]);
  });

  it('warns about an fd a set-ID exec inherits, but not about the standard fds or one closed first', async () => {
    const text = PASSWD.replace('fd 3 = /etc/shadow ro cloexec', 'fd 3 = /etc/shadow ro\n  fd 4 = /etc/shadow ro').replace('@passwd login', 'login: close 4\n@passwd login');
    const document = await open(text);
    const leaks = (document.diagnostics ?? []).filter((d) => d.code === 'fd-leaks-into-secure-exec');
    assert.deepEqual(leaks.map((d) => [d.range.start.line, d.severity, d.message]), [[11, 2, 'fd 3 stays open across the set-ID exec of /usr/bin/passwd on line 17: the privileged program inherits it']]);
  });
});
