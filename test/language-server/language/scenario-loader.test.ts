import * as assert from 'node:assert/strict';
import { execsimScenarioLoader } from '../../../language-server/src/language/index.js';
import type { ScenarioLoader } from '../../../debug-adapter/src/index.js';
import { examples } from '../support.js';

describe('the scenario loader for the debug adapter', () => {
  it('has the shape of the adapter\'s ScenarioLoader and reads .execsim files', () => {
    const loader: ScenarioLoader = execsimScenarioLoader;
    assert.deepEqual(loader.extensions, ['.execsim']);
  });

  it('loads an example with its statements\' lines in that file', async () => {
    const [file, text] = examples().find(([f]) => f.endsWith('vfork.execsim'))!;
    const r = await execsimScenarioLoader.load(file, text, {});
    assert.ok(r.ok);
    assert.equal(r.statementSource, file);
    assert.deepEqual(r.scenario.actions.map((a) => a.loc.line), [27, 32, 34, 39, 44]);
  });

  it('gives 1-based file:line:col diagnostics with their hints when the scenario is invalid', async () => {
    const r = await execsimScenarioLoader.load('x.execsim', 'system linux\ntask shell pid 1\nshel: close 0\n', {});
    assert.deepEqual(r, {
      ok: false,
      diagnostics: [{ file: 'x.execsim', severity: 'error', line: 3, column: 1, message: 'no task named shel', hint: 'did you mean shell?', code: 'unknown-task' }],
    });
  });

  it('runs the scenario on the system the launch asks for', async () => {
    const r = await execsimScenarioLoader.load('x.execsim', 'system linux\ntask a pid 1\na: vfork b\n', { system: 'cloudabi' });
    assert.equal(r.ok, false);
    assert.deepEqual(r.diagnostics.map((d) => d.message), ['vfork is not available on cloudabi']);
  });
});
