/**
 * Signals across exec (kernel/signal.c: flush_signal_handlers(me, 0)) and
 * the delivery rules the scenarios before an exec rely on (prepare_signal,
 * sig_ignored, do_sigaction).
 */
import * as assert from 'node:assert/strict';
import type { ActionCall, SignalsSpec } from '../../../../sim-core/src/index.js';
import { runLinux, world } from './run-linux.js';

function run(signals: SignalsSpec, steps: ActionCall[]) {
  return runLinux({ nodes: world(), tasks: [{ name: 'sh', pid: 100, signals }], steps: steps.map((s) => ({ task: 'sh', ...s })) });
}

const exec: ActionCall = { call: 'execve', path: '/bin/prog', argv: ['prog'] };

describe('linux exec: signals', () => {
  it('caught signals go back to SIG_DFL, ignored ones stay ignored', () => {
    const r = run({ dispositions: { SIGUSR1: 'handler', SIGTERM: 'handler', SIGUSR2: 'ignore', SIGPIPE: 'ignore' } }, [exec]);
    assert.deepEqual(r.task('sh').signals.dispositions, { SIGUSR2: 'ignore', SIGPIPE: 'ignore' });
    const ev = r.events(0).find((e) => e.kind === 'signal-changed');
    assert.equal(ev?.frame?.phase, 'linux.commit');
  });

  it('the blocked mask and the pending set are kept', () => {
    const r = run({ blocked: ['SIGUSR1', 'SIGINT'], pending: ['SIGUSR1'], dispositions: { SIGUSR1: 'handler' } }, [exec]);
    const t = r.task('sh');
    assert.deepEqual(t.threads[0]!.blocked, ['SIGINT', 'SIGUSR1']);
    assert.deepEqual(t.signals.pending, ['SIGUSR1']);
    assert.deepEqual(t.signals.dispositions, {});
  });

  it('a blocked signal is queued even when ignored, and stays pending across exec', () => {
    const r = run({ blocked: ['SIGUSR2'], dispositions: { SIGUSR2: 'ignore' } }, [{ call: 'kill', target: 'sh', signal: 'SIGUSR2' }, exec]);
    assert.deepEqual(r.task('sh').signals.pending, ['SIGUSR2']);
  });

  it('an unblocked ignored signal is dropped; an unblocked one with the default action kills', () => {
    const ignored = run({ dispositions: { SIGUSR2: 'ignore' } }, [{ call: 'kill', target: 'sh', signal: 'SIGUSR2' }]);
    assert.deepEqual(ignored.task('sh').signals.pending, []);
    assert.equal(ignored.task('sh').status.state, 'running');
    const killed = run({}, [{ call: 'kill', target: 'sh', signal: 'SIGUSR2' }]);
    assert.deepEqual(killed.task('sh').status, { state: 'killed', signal: 'SIGUSR2' });
  });

  it('setting SIG_IGN discards the signal from the pending set, blocked or not', () => {
    const r = run({ blocked: ['SIGUSR1'], pending: ['SIGUSR1', 'SIGINT'] }, [{ call: 'sigaction', signal: 'SIGUSR1', disposition: 'ignore' }]);
    assert.deepEqual(r.task('sh').signals.pending, ['SIGINT']);
  });

  it('unblocking a pending signal delivers it: here its default action kills the process', () => {
    const r = run({ blocked: ['SIGTERM'], pending: ['SIGTERM'] }, [{ call: 'sigprocmask', how: 'SIG_UNBLOCK', signals: ['SIGTERM'] }]);
    assert.deepEqual(r.task('sh').status, { state: 'killed', signal: 'SIGTERM' });
  });

  it('SIGKILL and SIGSTOP cannot be caught or ignored', () => {
    const r = run({}, [{ call: 'sigaction', signal: 'SIGKILL', disposition: 'ignore' }]);
    assert.equal(r.result(0), 'EINVAL');
  });
});
