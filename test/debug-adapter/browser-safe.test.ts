/**
 * The session core bundles for the browser playground: outside src/node/ no
 * file may import a Node module or use Node globals.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/golden.js';

const SRC = path.join(REPO_ROOT, 'debug-adapter', 'src');
const NODE_MODULES = ['fs', 'net', 'path', 'os', 'child_process', 'http', 'https', 'stream', 'url', 'util', 'events', 'worker_threads', 'crypto'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('debug adapter core', () => {
  it('imports no Node module and uses no Node global outside src/node', () => {
    const files = sources(SRC);
    assert.ok(files.length > 10);
    const offences: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || NODE_MODULES.includes(spec)) offences.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
      for (const g of ['process.', 'Buffer.', '__dirname', 'require(']) {
        if (text.includes(g)) offences.push(`${path.relative(SRC, file)} uses ${g}`);
      }
    }
    assert.deepEqual(offences, []);
  });
});
