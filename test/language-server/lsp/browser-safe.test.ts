/**
 * The browser worker entry bundles for the playground: nothing it imports,
 * directly or through other files of the project, may be a Node module or a
 * Node-only entry of a package.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/golden.js';

const NODE_ONLY = /^(node:|fs$|path$|os$|child_process$|net$|stream$|url$|util$|events$|worker_threads$|crypto$|langium\/node|vscode-languageserver\/node|vscode-jsonrpc\/node)/;

/** Project files reachable from a source file through relative imports, with every package import seen. */
function importGraph(entry: string): { files: string[]; packages: Map<string, string> } {
  const files: string[] = [];
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.set(spec, path.relative(REPO_ROOT, file));
    }
  };
  visit(entry);
  return { files, packages };
}

describe('language server: the browser worker entry', () => {
  it('imports no Node module anywhere in its import graph', () => {
    const { files, packages } = importGraph(path.join(REPO_ROOT, 'language-server/src/lsp/main-browser.ts'));
    assert.ok(files.length > 30, `the graph was followed (${files.length} files)`);
    assert.ok(packages.has('vscode-languageserver/browser.js'));
    const offending = [...packages].filter(([spec]) => NODE_ONLY.test(spec)).map(([spec, from]) => `${from} imports ${spec}`);
    assert.deepEqual(offending, []);
    // sim-core compiles without Node's types, so only the language server's own files could use Node globals.
    const own = files.filter((f) => f.startsWith(path.join(REPO_ROOT, 'language-server')));
    const globals = own.filter((f) => /\bprocess\.\w|\bBuffer\.\w|__dirname|\brequire\(/.test(withoutComments(fs.readFileSync(f, 'utf8')))).map((f) => path.relative(REPO_ROOT, f));
    assert.deepEqual(globals, []);
  });
});

function withoutComments(text: string): string {
  return text.replace(/\/\*[^]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}
