import * as assert from 'node:assert/strict';
import { open } from '../support.js';

describe('language server: the parser guard', function () {
  this.timeout(60_000);

  it('reports a text nested too deeply as one syntax error on its first line', async () => {
    const document = await open('{\n'.repeat(3000) + 'system linux\n');
    assert.deepEqual(
      (document.diagnostics ?? []).map((d) => [d.range.start.line, d.code, d.message]),
      [[0, 'syntax', 'the text is nested too deeply to be read']],
    );
  });

  it('reads the next document normally after a text nested too deeply', async () => {
    await open('{\n'.repeat(3000));
    const document = await open('system linux\ntask a pid 1\nexpect b pid 1\n');
    assert.deepEqual((document.diagnostics ?? []).map((d) => d.message), ['no task named b']);
  });
});
