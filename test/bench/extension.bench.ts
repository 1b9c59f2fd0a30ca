/**
 * The extension's activation cost and the .vsix size (issue goals: ≤ 50 ms,
 * ≤ 1 MB). Activation is timed in a fresh Node process per run, since loading
 * a bundle is paid once per extension host: require(dist/extension.js) and
 * activate() against a stand-in `vscode` module that answers every call (the
 * time is the extension's own, not VS Code's), then the language client, which
 * is loaded right after activation. Needs `npm run package` first.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/golden.js';
import { fmt, median, type BenchResult, type BenchSuite } from './harness.js';

const BUNDLE = path.join(REPO_ROOT, 'extension', 'dist', 'extension.js');
const VSIX = path.join(REPO_ROOT, 'out', 'execsim.vsix');

/** Runs in the child: a `vscode` whose every member is a callable, constructible stand-in. */
const CHILD = `
const Module = require('node:module');
const stub = () => new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : stub()),
  apply: () => stub(),
  construct: () => stub(),
});
const vscode = new Proxy({ version: '1.139.1' }, { get: (t, key) => (key in t ? t[key] : key === 'then' || typeof key === 'symbol' ? undefined : stub()) });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const context = { subscriptions: [], asAbsolutePath: (p) => require('node:path').join(process.argv[2], p), extensionPath: process.argv[2] };
const t0 = performance.now();
const ext = require(require('node:path').join(process.argv[2], 'dist', 'extension.js'));
const t1 = performance.now();
ext.activate(context);
const t2 = performance.now();
// The language client is loaded just after activation (setImmediate); wait for it.
setImmediate(() => {
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, client: t3 - t2 }));
  process.exit(0);
});
`;

const suite: BenchSuite = {
  name: 'extension: activation and package size',
  run(report) {
    if (!fs.existsSync(BUNDLE)) {
      report('  (skipped: no extension/dist/extension.js; run `npm run package` first)');
      return [];
    }
    // The child runs as a file (as VS Code's extension host requires extensions), not `node -e`.
    const child = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'execsim-bench-')), 'activate.cjs');
    fs.writeFileSync(child, CHILD);
    const runs = Array.from({ length: 9 }, () => JSON.parse(execFileSync(process.execPath, [child, path.join(REPO_ROOT, 'extension')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { load: number; activate: number; client: number });
    fs.rmSync(path.dirname(child), { recursive: true, force: true });
    const total = runs.map((r) => r.load + r.activate);
    const results: BenchResult[] = [
      { name: 'require dist/extension.js (cold, fresh process)', median: median(runs.map((r) => r.load)), runs: runs.map((r) => r.load), unit: 'ms' },
      { name: 'activate()', median: median(runs.map((r) => r.activate)), runs: runs.map((r) => r.activate), unit: 'ms' },
      { name: 'activation = require + activate (goal ≤ 50 ms)', median: median(total), runs: total, unit: 'ms' },
      { name: 'then: the language client loaded and started', median: median(runs.map((r) => r.client)), runs: runs.map((r) => r.client), unit: 'ms' },
    ];
    for (const r of results) report(`  ${r.name.padEnd(58)} median ${fmt(r.median).padStart(10)}`);
    const bundle = fs.statSync(BUNDLE).size;
    report(`  ${'dist/extension.js size'.padEnd(58)} ${(bundle / 1024).toFixed(0).padStart(10)} KB`);
    if (fs.existsSync(VSIX)) {
      const size = fs.statSync(VSIX).size;
      report(`  ${'out/execsim.vsix size (goal ≤ 1 MB = 1024 KB)'.padEnd(58)} ${(size / 1024).toFixed(0).padStart(10)} KB`);
    }
    return results;
  },
};

export default suite;
