/**
 * The Linux phase catalogue is complete enough for the debugger and the
 * language server: every phase cites its source, shows pseudo-code, lists
 * real errnos, and says whether a failure still reaches the old program.
 */
import * as assert from 'node:assert/strict';
import { isErrno, phasesOf } from '../../../../sim-core/src/index.js';

describe('linux phase catalogue: the exec path', () => {
  // Process birth (linux.birth.*) has its own table and its own tests.
  const phases = phasesOf('linux').filter((p) => !p.id.startsWith('linux.birth.'));

  it('every phase cites at least one file and function and has pseudo-code', () => {
    for (const p of phases) {
      assert.ok(p.citations.length > 0, p.id);
      for (const c of p.citations) assert.ok(c.file.length > 0 && c.function.length > 0, `${p.id}: ${JSON.stringify(c)}`);
      assert.ok(p.pseudo.length > 0, p.id);
      assert.equal(p.actor, 'kernel', p.id);
    }
  });

  it('every listed error is a known errno with a condition', () => {
    for (const p of phases) for (const e of p.errors) assert.ok(isErrno(e.errno) && e.when.length > 0, `${p.id}: ${e.errno}`);
  });

  it('failures before the point of no return are visible to the old program, after it they are not', () => {
    const ponr = phases.findIndex((p) => p.pointOfNoReturn);
    assert.equal(phases[ponr]!.id, 'linux.point_of_no_return');
    for (const p of phases.slice(0, ponr)) assert.equal(p.failureVisible, 'yes', p.id);
    for (const p of phases.slice(ponr)) assert.equal(p.failureVisible, 'no', p.id);
  });

  it('ids are unique and the order numbers follow the table', () => {
    assert.equal(new Set(phases.map((p) => p.id)).size, phases.length);
    assert.deepEqual(phases.map((p) => p.order), phases.map((_, i) => i + 1));
  });
});
