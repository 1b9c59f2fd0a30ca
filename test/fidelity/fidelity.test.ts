/**
 * The simulator against the kernel of this machine: every fidelity scenario
 * runs both ways and must agree field by field. Skips say why, in the test
 * name, never silently.
 */
import * as assert from 'node:assert/strict';
import { buildProbes } from './probes.js';
import { runFidelity } from './run.js';
import { FIDELITY_SCENARIOS } from './scenarios.js';

describe('fidelity: the simulator agrees with the running Linux kernel', function () {
  this.timeout(60_000);
  const build = buildProbes();
  for (const fs of FIDELITY_SCENARIOS) {
    it(fs.name, function () {
      if (!build.ok) {
        console.log(`      skipped: ${build.reason}`);
        this.skip();
      }
      const result = runFidelity(fs, build.probes);
      if (result.kind === 'skipped') {
        console.log(`      skipped (${fs.name}): ${result.reason}`);
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
