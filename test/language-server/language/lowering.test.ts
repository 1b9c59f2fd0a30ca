/**
 * Lowering to sim-core's Scenario, golden-tested on every example and on a
 * fixture that uses every construct (UPDATE_GOLDEN=1 npm test rewrites them).
 */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../../language-server/src/language/index.js';
import { assertGolden } from '../../support/golden.js';
import { examples, fixture, goldenJson } from '../support.js';

describe('lowering to Scenario', () => {
  for (const [file, text] of examples()) {
    it(`lowers ${file} as its golden Scenario`, async () => {
      const { scenario, diagnostics } = await parseScenario(text, file);
      assert.deepEqual(diagnostics, []);
      assertGolden(`test/language-server/golden/lowering/${file.replace(/^examples\//, '').replace(/\.execsim$/, '.json')}`, goldenJson(scenario));
    });
  }

  it('lowers every construct of the language as its golden Scenario', async () => {
    const { scenario, diagnostics } = await parseScenario(fixture('every-construct.execsim'), 'every-construct.execsim');
    assert.deepEqual(diagnostics, []);
    assertGolden('test/language-server/golden/lowering/every-construct.json', goldenJson(scenario));
  });

  for (const system of ['hurd', 'l4hurd']) {
    it(`lowers every construct of the ${system} section as its golden Scenario`, async () => {
      const { scenario, diagnostics } = await parseScenario(fixture(`${system}-every-construct.execsim`), `${system}-every-construct.execsim`);
      assert.deepEqual(diagnostics, []);
      assertGolden(`test/language-server/golden/lowering/${system}-every-construct.json`, goldenJson(scenario));
    });
  }

  it('carries each action\'s and expectation\'s source range (1-based, end exclusive)', async () => {
    const { scenario } = await parseScenario('system linux\ntask a pid 1\n  a: close 0   // why\nexpect a pid 1\n');
    assert.deepEqual(scenario!.actions[0]!.loc, { line: 3, column: 3, endLine: 3, endColumn: 13 });
    assert.deepEqual(scenario!.expectations[0]!.loc, { line: 4, column: 1, endLine: 4, endColumn: 15 });
  });

  it('gives the range of a whole task block to the task', async () => {
    const { scenario } = await parseScenario('system linux\ntask a pid 1 {\n  uid 5\n}\n');
    assert.deepEqual(scenario!.tasks[0]!.loc, { line: 2, column: 1, endLine: 4, endColumn: 2 });
  });
});
