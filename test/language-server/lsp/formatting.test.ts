import * as assert from 'node:assert/strict';
import { expectFormatting } from 'langium/test';
import { lsp, open } from './support.js';

const format = () => expectFormatting(lsp().Execsim);

const MESSY = `// A setuid exec.
system   linux
filesystem {
     file /usr/bin/passwd   elf static mode 04755 owner 0:0
}
task login pid 300 {
    uid 1000   gid 1000
}
   @passwd   login:   execve /usr/bin/passwd ["passwd"]   // the exec
// what it should do
expect   @passwd    succeeds
`;

describe('language server: formatting', () => {
  it('prints every statement canonically and keeps comment lines and trailing comments', async () => {
    await format()({
      before: MESSY,
      after: `// A setuid exec.
system linux
filesystem {
  file /usr/bin/passwd elf mode 4755 owner 0:0
}
task login pid 300 {
  uid 1000
  gid 1000
}
@passwd login: execve /usr/bin/passwd ["passwd"]   // the exec
// what it should do
expect @passwd succeeds
`,
      disposeAfterCheck: true,
    });
  });

  it('formats only the statements a range touches', async () => {
    await format()({
      before: MESSY,
      range: { start: { line: 10, character: 0 }, end: { line: 10, character: 5 } },
      after: MESSY.replace('expect   @passwd    succeeds', 'expect @passwd succeeds'),
      disposeAfterCheck: true,
    });
  });

  it('leaves a block with a comment inside as it is', async () => {
    const text = 'system linux\ntask a pid 1 {\n    uid 1000   // not root\n}\n   a: close 3\n';
    await format()({ before: text, after: 'system linux\ntask a pid 1 {\n    uid 1000   // not root\n}\na: close 3\n', disposeAfterCheck: true });
  });

  it('refuses a scenario with a syntax error instead of guessing', async () => {
    const document = await open('system linux\ntask a pid 1\na: close\n');
    await assert.rejects(
      Promise.resolve(lsp().Execsim.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } })),
      /cannot format: line 3 has a syntax error/,
    );
  });

  it('refuses a scenario with an error the checks found', async () => {
    const document = await open('system linux\ntask a pid 1\na: open /x O_BOGUS\n');
    await assert.rejects(
      Promise.resolve(lsp().Execsim.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } })),
      /cannot format: line 3: /,
    );
  });
});
