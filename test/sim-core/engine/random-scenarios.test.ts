import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine, type Scenario } from '../../../sim-core/src/index.js';
import { linuxScenario } from './random-scenario.js';

/** Runs per CI run; RANDOM_SCENARIOS=n asks for more locally. */
const RUNS = Number(process.env.RANDOM_SCENARIOS ?? 1000);

function runChecked(sc: Scenario): Engine {
  const created = Engine.create(sc, { checkInvariants: true, maxEvents: 200_000 });
  if (!created.ok) assert.fail(`the generator made an invalid scenario: ${created.problems.map((p) => `${p.at}: ${p.message}`).join('; ')}`);
  created.engine.runToEnd();
  return created.engine;
}

describe('random valid Linux scenarios', function () {
  this.timeout(120_000);

  it(`${RUNS} of them run to the end with every invariant checked after every event`, () => {
    const stats = { events: 0, execs: 0, ponr: 0, killed: 0, failures: 0 };
    fc.assert(
      fc.property(linuxScenario, (sc) => {
        const e = runChecked(sc);
        const events = e.events();
        stats.events += events.length;
        // Every statement ends, exactly once; every expectation is checked, exactly once.
        const finished = events.filter((ev) => ev.kind === 'action-finished').map((ev) => ev.kind === 'action-finished' && ev.action);
        assert.deepEqual([...finished].sort((a, b) => Number(a) - Number(b)), sc.actions.map((a) => a.index));
        assert.equal(e.expectationResults().size, sc.expectations.length);
        for (const [i, log] of e.actions()) {
          const call = sc.actions[i]!.call;
          if (call === 'execve' || call === 'execveat' || call === 'fexecve') {
            stats.execs++;
            if (log.ponr) stats.ponr++;
          }
          if (log.outcome && !log.outcome.ok && 'killed' in log.outcome) stats.killed++;
          if (log.outcome && !log.outcome.ok && 'errno' in log.outcome) stats.failures++;
        }
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the interesting paths, or the property proves little.
    assert.ok(stats.execs > RUNS, `only ${stats.execs} execs`);
    assert.ok(stats.ponr > RUNS / 5, `only ${stats.ponr} execs crossed the point of no return`);
    assert.ok(stats.failures > RUNS / 2, `only ${stats.failures} statements failed`);
  });

  it('a random scenario run twice gives the same events', () => {
    fc.assert(
      fc.property(linuxScenario, (sc) => {
        const a = runChecked(sc).events().map((ev) => JSON.stringify(ev));
        const b = runChecked(sc).events().map((ev) => JSON.stringify(ev));
        assert.deepEqual(a, b);
      }),
      { numRuns: 50 },
    );
  });
});
