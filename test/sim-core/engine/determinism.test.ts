import * as assert from 'node:assert/strict';
import { expect } from '../../support/scenario-builder.js';
import { linuxWorld, run, serialize, shell } from './worlds.js';

/** Fork, a thread, a vfork child that execs a script, a failing exec and a signal: most of the engine's paths. */
function busyScenario() {
  return linuxWorld(
    [
      { task: 'shell', call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] },
      { task: 'shell', call: 'pthread_create', newThread: 'worker' },
      { task: 'shell', call: 'fork', child: 'kid' },
      { task: 'shell', call: 'vfork', child: 'vkid' },
      { task: 'shell', call: 'close', fd: 0 },
      { task: 'vkid', call: 'execve', path: '/tmp/s', argv: ['s', 'arg'] },
      { task: 'kid', call: 'execve', path: '/nonexistent', argv: ['x'] },
      { task: 'shell', thread: 'worker', call: 'execve', path: '/bin/sh', argv: ['sh'] },
      { task: 'shell', call: 'kill', target: 'kid', signal: 'SIGTERM' },
      expect({ what: 'threads', task: 'shell', count: 1 }),
      expect({ what: 'killed', task: 'kid', signal: 'SIGTERM' }),
    ],
    [shell({ signals: { dispositions: { SIGINT: 'handler', SIGQUIT: 'ignore' } } })],
  );
}

describe('engine determinism', () => {
  it('two runs of the same scenario give identical event streams', () => {
    const a = run(busyScenario()).events();
    const b = run(busyScenario()).events();
    assert.ok(a.length > 150, `a run of ${a.length} events is too short to say much`);
    assert.deepEqual(serialize(a), serialize(b));
  });

  it('two runs end in identical states', () => {
    const a = run(busyScenario());
    const b = run(busyScenario());
    a.runToEnd();
    b.runToEnd();
    assert.equal(JSON.stringify(a.stateAt(a.length - 1)), JSON.stringify(b.stateAt(b.length - 1)));
  });

  it('computing lazily while moving back and forth gives the same stream as running at once', () => {
    const whole = serialize(run(busyScenario()).events());
    const lazy = run(busyScenario());
    // Walk forward two steps, back one, jump ahead and back again, in a fixed pattern.
    let guard = 0;
    while (lazy.hasNext() && guard++ < 10_000) {
      lazy.forward();
      lazy.forward();
      lazy.backward();
      if (guard % 7 === 0) {
        const here = lazy.position;
        lazy.moveTo(Math.max(-1, here - 5));
        lazy.moveTo(here);
      }
    }
    assert.deepEqual(serialize(lazy.events()), whole);
  });

  it('numbers events from 0 without gaps', () => {
    const events = run(busyScenario()).events();
    events.forEach((e, i) => assert.equal(e.seq, i));
  });
});
