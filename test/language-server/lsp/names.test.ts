import * as assert from 'node:assert/strict';
import { expectFindReferences, expectGoToDefinition, expectHighlight } from 'langium/test';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { lsp, marked, open, PASSWD } from './support.js';

const definition = () => expectGoToDefinition(lsp().Execsim);

describe('language server: definition, references, highlight, rename', () => {
  it('goes from a task used in an expectation to its task line', async () => {
    await definition()({ text: 'system linux\ntask <|login|> pid 1\nexpect lo<|>gin pid 1\n', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  it('goes from a task made by fork to the fork', async () => {
    await definition()({ text: 'system linux\ntask a pid 1\na: fork <|kid|>\nexpect k<|>id ppid 1\n', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  it('goes from a label in an expectation to the labelled action', async () => {
    await definition()({ text: 'system linux\ntask a pid 1\n<|@x|> a: close 3\nexpect @<|>x succeeds\n', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  it('goes from a path in an action to the file in the filesystem', async () => {
    await definition()({ text: 'system linux\nfilesystem {\n  file <|/bin/sh|> elf static\n}\ntask a pid 1\na: execve /bin/<|>sh ["sh"]\n', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  it('goes from a pipe in an expectation to the pipe call that made it', async () => {
    await definition()({ text: 'system linux\ntask a pid 1\na: pipe <|p|>\nexpect a fd 3 = pipe <|>p read\n', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  it('finds every use of a file, with its node in the filesystem', async () => {
    await expectFindReferences(lsp().Execsim)({
      text: 'system linux\nfilesystem {\n  file <|/etc/x|> data\n}\ntask a pid 1 {\n  fd 3 = <|/etc/<|>x|> ro\n}\na: open <|/etc/x|>\nexpect a fd 4 = <|/etc/x|> ro\n',
      includeDeclaration: true,
      disposeAfterCheck: true,
    });
  });

  it('keeps the threads of different tasks apart', async () => {
    await expectHighlight(lsp().Execsim)({
      text: 'system linux\ntask a pid 1 {\n  thread <|w|>\n}\ntask b pid 2 {\n  thread w\n}\nexpect a.<|w<|>|> tid 2\nexpect b.w tid 3\n',
      index: 0,
      rangeIndex: [0, 1],
      disposeAfterCheck: true,
    });
  });

  it('renames a task everywhere it is written', async () => {
    const edit = await rename(PASSWD.replace('task login', 'task lo<|>gin'), 'session');
    const lines = edit.map((e) => e.range.start.line);
    assert.deepEqual(lines, [8, 14, 16]);
    assert.ok(edit.every((e) => e.newText === 'session'));
  });

  it('renames a file, quoting the new name when it has a blank', async () => {
    const edit = await rename(PASSWD.replace('file /etc/shadow', 'file /etc/sha<|>dow'), '/etc/my shadow');
    assert.deepEqual(edit.map((e) => [e.range.start.line, e.newText]), [[4, '"/etc/my shadow"'], [11, '"/etc/my shadow"']]);
  });

  it('refuses a new name that is a keyword of the language', async () => {
    await assert.rejects(rename(PASSWD.replace('task login', 'task lo<|>gin'), 'expect'), /"expect" cannot name a task/);
  });

  it('refuses to rename a task to the name of another task', async () => {
    await assert.rejects(rename('system linux\ntask a<|> pid 1\ntask b pid 2\n', 'b'), /a task named b already exists/);
  });
});

async function rename(text: string, newName: string): Promise<Array<{ range: { start: { line: number } }; newText: string }>> {
  const { text: plain, offset } = marked(text);
  const document = await open(plain);
  const position = document.textDocument.positionAt(offset);
  const edit = (await lsp().Execsim.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position, newName })) as WorkspaceEdit;
  return edit.changes![document.uri.toString()]!;
}
