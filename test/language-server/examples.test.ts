/** Every example is a valid scenario with a header citing its sources, and every expectation in it holds. */
import * as assert from 'node:assert/strict';
import { parseScenario } from '../../language-server/src/language/index.js';
import { Engine } from '../../sim-core/src/index.js';
import { examples } from './support.js';

describe('examples', () => {
  it('exist', () => {
    assert.ok(examples().length >= 7);
  });

  for (const [file, text] of examples()) {
    describe(file, () => {
      it('starts with a comment header that cites its sources', () => {
        const header = text.split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('//')));
        assert.ok(header.length >= 3, 'a header of comment lines');
        assert.match(header.join('\n'), /Sources?: .*\.c: \w+/s);
      });

      it('is valid without warnings', async () => {
        const { diagnostics, scenario } = await parseScenario(text, file);
        assert.deepEqual(diagnostics, []);
        assert.ok(scenario!.expectations.length > 0);
      });

      it('runs with every expectation holding and the kernel invariants kept', async () => {
        const { scenario } = await parseScenario(text, file);
        const engine = new Engine(scenario!, { checkInvariants: true });
        engine.runToEnd();
        const results = engine.expectationResults();
        assert.equal(results.size, scenario!.expectations.length);
        const failed = [...results.entries()].filter(([, r]) => !r.passed).map(([i, r]) => `line ${scenario!.expectations[i]!.loc.line}: expected ${r.expected}, saw ${r.seen}`);
        assert.deepEqual(failed, []);
      });
    });
  }
});
