import * as assert from 'node:assert/strict';
import { SemanticTokensDecoder } from 'langium/lsp';
import { lsp, open } from './support.js';

describe('language server: semantic tokens', () => {
  it('colours each word of a statement by the part of the grammar it fills', async () => {
    const document = await open('system linux\ntask a pid 1\n@x a: open /etc/passwd O_RDONLY\nexpect @x fails ENOENT\nexpect @x failed in linux.open_exec\n');
    const provider = lsp().Execsim.lsp.SemanticTokenProvider!;
    const tokens = await provider.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
    const decoded = SemanticTokensDecoder.decode(tokens, provider.tokenTypes, document).map((t) => [t.text, t.tokenType]);
    assert.deepEqual(decoded, [
      ['linux', 'namespace'],
      ['a', 'class'],
      ['1', 'number'],
      ['@x', 'decorator'],
      ['a', 'class'],
      ['open', 'function'],
      ['/etc/passwd', 'string'],
      ['O_RDONLY', 'enumMember'],
      ['@x', 'decorator'],
      ['ENOENT', 'enumMember'],
      ['@x', 'decorator'],
      ['linux.open_exec', 'event'],
    ]);
  });
});
