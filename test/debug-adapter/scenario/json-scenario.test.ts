import * as assert from 'node:assert/strict';
import { formatDiagnostic, loadJsonScenario } from '../../../debug-adapter/src/index.js';
import { resolveBeside } from '../../../debug-adapter/src/scenario/json-scenario.js';
import { scenarioJson } from '../support/scenario-files.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

const su = () => scenarioJson(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }));

function errors(text: string, system?: 'linux' | 'hurd'): string[] {
  const r = loadJsonScenario('s.json', text, system ? { system } : {});
  assert.equal(r.ok, false);
  return r.diagnostics.map(formatDiagnostic);
}

describe('JSON scenarios', () => {
  it('places each statement at its line in the file when it has no loc', () => {
    const { text, actionLines } = su();
    const r = loadJsonScenario('s.json', text);
    assert.ok(r.ok);
    assert.deepEqual(r.scenario.actions.map((a) => [a.index, a.loc.line, a.loc.column]), [[0, actionLines[0], 5]]);
    assert.equal(r.statementSource, 's.json');
  });

  it('keeps the loc of a scenario lowered from another file and points breakpoints there', () => {
    const sc = scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'close', fd: 3 }] });
    const r = loadJsonScenario('/work/gen/s.json', JSON.stringify({ ...sc, file: 'demo.execsim' }));
    assert.ok(r.ok);
    assert.equal(r.scenario.actions[0]!.loc.line, 101);
    assert.equal(r.statementSource, '/work/gen/demo.execsim');
  });

  it('reports every shape problem at once, each at its field', () => {
    const text = '{\n  "system": "linux",\n  "machine": {"arch": "x86_64"},\n  "filesystem": {"mounts": [], "nodes": [{"kind": "pipe", "path": "/x"}]},\n  "tasks": [{"name": "shell"}],\n  "actions": [],\n  "expectations": []\n}\n';
    assert.deepEqual(errors(text), [
      's.json:3:14: error: machine has no "mmu" (add "mmu": true or false)',
      's.json:4:51: error: unknown node kind "pipe" (kinds: file, dir, device, fifo, socket, symlink)',
      's.json:5:13: error: tasks[0] has no "pid" (add "pid": a whole number)',
    ]);
  });

  it('checks the arguments of the calls it knows', () => {
    const text = su().text.replace('"argv":["su"]', '"argv":[1]');
    const line = text.split('\n').findIndex((l) => l.includes('"argv":[1]')) + 1;
    assert.deepEqual(errors(text), [`s.json:${line}:${text.split('\n')[line - 1]!.indexOf('[1]') + 1}: error: "argv" should be an array of strings`]);
  });

  it('reports sim-core validation problems at the JSON position of the field', () => {
    const text = su().text.replace('"task":"shell","call":"execve"', '"task":"shel","call":"execve"');
    const line = text.split('\n').findIndex((l) => l.includes('"shel"')) + 1;
    assert.deepEqual(errors(text), [`s.json:${line}:${text.split('\n')[line - 1]!.indexOf('"shel"') + 1}: error: no task named "shel" exists at this point (did you mean "shell"?)`]);
  });

  it('applies a system override before validating', () => {
    const r = loadJsonScenario('s.json', su().text.replace('"system": "linux"', '"system": "cloudabi"'), { system: 'linux' });
    assert.ok(r.ok);
    assert.equal(r.scenario.system, 'linux');
  });

  it('says a scenario is an object when it is not', () => {
    assert.deepEqual(errors('[]'), ['s.json:1:1: error: a scenario is a JSON object (with system, machine, filesystem, tasks, actions and expectations)']);
  });

  it('resolves a source named in the scenario beside the JSON file', () => {
    assert.equal(resolveBeside('/a/b/s.json', 'demo.execsim'), '/a/b/demo.execsim');
    assert.equal(resolveBeside('/a/b/s.json', '/abs/demo.execsim'), '/abs/demo.execsim');
    assert.equal(resolveBeside('C:\\a\\s.json', 'd.execsim'), 'C:\\a\\d.execsim');
    assert.equal(resolveBeside('s.json', 'd.execsim'), 'd.execsim');
  });
});
