import * as assert from 'node:assert/strict';
import { phaseCatalogue } from '../../sim-core/src/catalogue/index.js';
import { completePhase } from '../../playground/src/debug/phase-completion.js';

const PHASES = phaseCatalogue().map((p) => ({ id: p.id, title: p.title }));

describe('playground phase completion', () => {
  it('offers the phase ids that start with what was typed, catalogue order', () => {
    assert.deepEqual(
      completePhase('linux.c', PHASES).map((p) => p.id),
      PHASES.filter((p) => p.id.startsWith('linux.c')).map((p) => p.id),
    );
    assert.deepEqual(completePhase('linux.close', PHASES).map((p) => p.id), ['linux.close_on_exec']);
  });

  it('matches a dotted segment after the whole-id matches', () => {
    const ids = completePhase('close_on', PHASES).map((p) => p.id);
    assert.ok(ids.includes('linux.close_on_exec'), ids.join(' '));
    assert.ok(ids.every((id) => id.split('.').some((s) => s.startsWith('close_on'))));
  });

  it('reads * as a wildcard, as the adapter does', () => {
    const ids = completePhase('linux.birth.*', PHASES, 100).map((p) => p.id);
    assert.deepEqual(ids, PHASES.filter((p) => p.id.startsWith('linux.birth.')).map((p) => p.id));
  });

  it('offers nothing for a name no phase has', () => {
    assert.deepEqual(completePhase('nosuch.phase', PHASES), []);
  });
});
