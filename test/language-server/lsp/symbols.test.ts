import * as assert from 'node:assert/strict';
import { expectFoldings, expectSymbols, expectWorkspaceSymbols } from 'langium/test';
import type { DocumentSymbol } from 'vscode-languageserver';
import { lsp, open, PASSWD } from './support.js';

describe('language server: outline, workspace symbols, folding', () => {
  it('outlines the world, then the actions by label and the expectations', async () => {
    await expectSymbols(lsp().Execsim)({
      text: PASSWD,
      assert: (symbols: DocumentSymbol[]) => {
        const tree = symbols.map((s) => [s.name, s.detail ?? '', (s.children ?? []).map((c) => c.name)]);
        assert.deepEqual(tree, [
          ['system linux', '', []],
          ['filesystem', '', ['file /usr/bin/passwd elf static mode 4755 owner 0:0', 'file /etc/shadow data', 'device /dev/tty']],
          ['login', 'pid 300', ['fd 0 = /dev/tty rw', 'fd 3 = /etc/shadow ro cloexec']],
          ['@passwd', 'login: execve /usr/bin/passwd ["passwd"]', []],
          ['expect @passwd succeeds', '', []],
          ['expect login euid 0', '', []],
        ]);
      },
      disposeAfterCheck: true,
    });
  });

  it('finds the names every open scenario introduces', async () => {
    const document = await open('system linux\nfilesystem {\n  file /bin/wsprobe elf static\n}\ntask wsprobe pid 1\n@wsprobe_exec wsprobe: execve /bin/wsprobe ["x"]\n');
    try {
      await expectWorkspaceSymbols(lsp().shared)({
        query: 'wsprobe',
        assert: (found) =>
          assert.deepEqual(
            found.map((s) => [s.name, s.containerName, s.location.uri]),
            [['/bin/wsprobe', 'file', document.uri.toString()], ['wsprobe', 'task', document.uri.toString()], ['@wsprobe_exec', 'label', document.uri.toString()]],
          ),
      });
    } finally {
      lsp().shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    }
  });

  it('folds the blocks of the world', async () => {
    await expectFoldings(lsp().Execsim)({ text: PASSWD.replace('filesystem {', '<|filesystem {').replace('  device /dev/tty\n}', '  device /dev/tty|>\n}').replace('task login pid 300 {', '<|task login pid 300 {').replace('cloexec\n}', 'cloexec|>\n}'), disposeAfterCheck: true });
  });
});
