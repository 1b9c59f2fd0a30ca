import * as assert from 'node:assert/strict';
import { Engine, renderTrace, type Scenario } from '../../../../sim-core/src/index.js';
import { assertGolden } from '../../../support/golden.js';
import { cloudabiRunScenario } from './scenarios/cloudabi-run.js';
import { e2bigScenario } from './scenarios/e2big-fds.js';
import { mailServerScenario } from './scenarios/mail-server.js';

function traceOf(s: Scenario): string {
  const engine = new Engine(s, { checkInvariants: true });
  const lines = renderTrace(engine);
  for (const [i, r] of engine.expectationResults()) assert.ok(r.passed, `expectation ${i}: expected ${r.expected}, saw ${r.seen}`);
  return lines.join('\n');
}

describe('CloudABI golden traces', () => {
  it('the mail server gets exactly its listed sockets, spool and log', () => {
    assertGolden('test/sim-core/personalities/cloudabi/golden/mail-server.txt', traceOf(mailServerScenario()));
  });

  it('a too-long fds array fails with E2BIG before the kernel copies anything', () => {
    assertGolden('test/sim-core/personalities/cloudabi/golden/e2big-fds.txt', traceOf(e2bigScenario()));
  });

  it('cloudabi-run starts the mail server through cloudabi-reexec', () => {
    assertGolden('test/sim-core/personalities/cloudabi/golden/cloudabi-run.txt', traceOf(cloudabiRunScenario()));
  });
});
