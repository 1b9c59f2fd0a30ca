/**
 * The simulator against the kernel of this machine: every fidelity scenario
 * runs both ways and must agree field by field. A skip prints its reason,
 * never silently.
 */
import * as assert from 'node:assert/strict';
import { buildProbes, type ProbeBuild } from './probes.js';
import { runFidelity } from './run.js';
import { FIDELITY_SCENARIOS } from './scenarios.js';

describe('fidelity: the simulator agrees with the running Linux kernel', function () {
  this.timeout(60_000);
  let build: ProbeBuild;

  before(function () {
    this.timeout(120_000);
    build = buildProbes();
    if (!build.ok) console.log(`      fidelity suite skipped: ${build.reason}`);
  });

  for (const scenario of FIDELITY_SCENARIOS) {
    it(scenario.name, function () {
      if (!build.ok) this.skip();
      const result = runFidelity(scenario, build.probes);
      if (result.kind === 'skipped') {
        console.log(`      skipped (${scenario.name}): ${result.reason}`);
        this.skip();
      }
      const differ = result.fields.filter((f) => !f.agree);
      assert.ok(
        differ.length === 0,
        `${differ.length} of ${result.fields.length} fields differ:\n` +
          differ.map((f) => `  ${f.field}\n    simulator: ${f.sim}\n    kernel:    ${f.host}`).join('\n'),
      );
    });
  }
});
