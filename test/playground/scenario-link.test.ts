import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeHash, encodeScenario } from '../../playground/src/page/scenario-link.js';
import { REPO_ROOT } from '../support/golden.js';

describe('playground scenario links', () => {
  it('carries a scenario through the address unchanged, and shorter than the text', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'close-on-exec.execsim'), 'utf8') + '\n// “quotes” and ü\n';
    const hash = await encodeScenario(text);
    assert.match(hash, /^s=[A-Za-z0-9_-]+$/);
    assert.ok(hash.length < text.length, `${hash.length} >= ${text.length}`);
    assert.deepEqual(await decodeHash(`#${hash}`), { kind: 'text', text });
  });

  it('names an example', async () => {
    assert.deepEqual(await decodeHash('#example=setuid'), { kind: 'example', name: 'setuid' });
    assert.equal(await decodeHash(''), undefined);
  });

  it('rejects a mangled scenario instead of guessing its text', async () => {
    await assert.rejects(decodeHash('#s=not-deflate-data'));
  });
});
