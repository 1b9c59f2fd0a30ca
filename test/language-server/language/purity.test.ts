/** The language core runs in a browser worker: nothing under src/language imports Node or the command line. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';
import { REPO_ROOT } from '../../support/golden.js';

const ALLOWED_PACKAGES = new Set(['langium', 'langium/lsp', 'vscode-languageserver-types', 'chevrotain']);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the language core', () => {
  it('imports only browser-safe packages, sim-core and itself', () => {
    const dir = path.join(REPO_ROOT, 'language-server/src/language');
    const offending: string[] = [];
    for (const file of sources(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = (m[1] ?? m[2])!;
        const rel = path.relative(REPO_ROOT, file);
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          const inside = target.startsWith(dir) || target.startsWith(path.join(REPO_ROOT, 'sim-core/src'));
          if (!inside) offending.push(`${rel}: ${spec}`);
        } else if (spec.startsWith('node:') || builtinModules.includes(spec) || !ALLOWED_PACKAGES.has(spec)) {
          offending.push(`${rel}: ${spec}`);
        }
      }
    }
    assert.deepEqual(offending, []);
  });
});
