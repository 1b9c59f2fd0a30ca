import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScenario } from '../../extension/src/simulator/run-scenario.js';
import { phaseCatalogueMarkdown } from '../../extension/src/simulator/phase-catalogue.js';
import { phaseCatalogue, phaseById, SYSTEMS } from '../../sim-core/src/index.js';
import { REPO_ROOT } from '../support/golden.js';

const FILE = path.join(REPO_ROOT, 'examples', 'close-on-exec.execsim');
const TEXT = fs.readFileSync(FILE, 'utf8');

describe('extension: Run Scenario', () => {
  it('prints what `execsim run` prints and reports no problem when every expectation holds', async () => {
    const report = await runScenario(FILE, TEXT);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.problems, []);
    assert.ok(report.output.startsWith(`${FILE} · linux · 6 actions · 6 expectations\n`), report.output.slice(0, 200));
    assert.ok(report.output.endsWith('\n6 expectations passed, 0 failed\n'));
  });

  it('runs the editor\'s text, and a failed expectation is a problem at its range', async () => {
    const text = TEXT.replace('expect shell fd 3 closed', 'expect shell fd 5 closed');
    const report = await runScenario(FILE, text);
    assert.equal(report.exitCode, 1);
    assert.deepEqual(report.problems, [
      { severity: 'error', line: 47, column: 1, endLine: 47, endColumn: 25, message: 'expectation failed: expected 5 closed, saw 5 → /etc/passwd (ro)', kind: 'expectation' },
    ]);
    assert.ok(report.output.endsWith('\n5 expectations passed, 1 failed\n'));
  });

  it('reports a scenario that cannot run with its diagnostics, as the command line does', async () => {
    const report = await runScenario(FILE, TEXT.replace('shell: dup 3\n', 'shell: dup 3\nghost: close 3\n'));
    assert.equal(report.exitCode, 2);
    assert.ok(report.output.includes(`${FILE}:34:1: error: no task named ghost`), report.output);
    assert.deepEqual(
      report.problems.map((p) => [p.line, p.column, p.message, p.kind]),
      [[34, 1, 'no task named ghost (declare it (task ghost pid N) or create it (PARENT: fork ghost))', 'scenario']],
    );
  });
});

describe('extension: Show Phase Catalogue', () => {
  const markdown = phaseCatalogueMarkdown();

  it('lists every phase of the catalogue once, under its system, in the systems\' order', () => {
    const rows = markdown.split('\n').filter((l) => /^\| \d+ \| `/.test(l));
    assert.equal(rows.length, phaseCatalogue().length);
    const headings = markdown.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings.map((h) => /\(`(\w+)`\)$/.exec(h)![1]), SYSTEMS.filter((s) => phaseCatalogue().some((p) => p.system === s)));
  });

  it('shows a phase with its actor, summary, errors and sources, marking the point of no return', () => {
    const p = phaseById('linux.close_on_exec')!;
    const row = markdown.split('\n').find((l) => l.includes('| `linux.close_on_exec` |'))!;
    assert.ok(row.startsWith(`| ${p.order} | \`linux.close_on_exec\` | ${p.actor} | ${p.title} | `), row);
    for (const c of p.citations) assert.ok(row.includes(`${c.source} \`${c.file}\`: ${c.function}`), row);
    const ponr = phaseCatalogue().find((q) => q.system === 'linux' && q.pointOfNoReturn)!;
    assert.ok(markdown.includes(`| \`${ponr.id}\` | ${ponr.actor} | ${ponr.title} **(point of no return)** |`));
  });
});
