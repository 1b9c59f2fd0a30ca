import * as assert from 'node:assert/strict';
import { argNull } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, baseNodes, cloudabiElf, cloudabiScenario, launcher, procExec, run } from '../support.js';

describe('do_execve commit (phase 10)', () => {
  it('resets caught signals to the default, keeps ignored ones and the blocked mask', () => {
    const r = run(
      cloudabiScenario({
        tasks: [launcher([], { signals: { dispositions: { SIGTERM: 'handler', SIGINT: 'ignore' }, blocked: ['SIGUSR1'] } })],
        steps: [procExec(argNull)],
      }),
    );
    const t = r.final.tasks.get(LAUNCHER_PID)!;
    assert.deepEqual(t.signals.dispositions, { SIGINT: 'ignore' });
    assert.deepEqual(t.threads[0]!.blocked, ['SIGUSR1']);
  });

  it('drops a pending signal that was caught and is ignored by default (sig_drop_caught)', () => {
    const r = run(
      cloudabiScenario({
        tasks: [launcher([], { signals: { dispositions: { SIGCHLD: 'handler', SIGHUP: 'handler' }, pending: ['SIGCHLD', 'SIGHUP'] } })],
        steps: [procExec(argNull)],
      }),
    );
    assert.deepEqual(r.final.tasks.get(LAUNCHER_PID)!.signals.pending, ['SIGHUP']);
    assert.deepEqual(r.ofKind('signal-changed').map((e) => e.detail), ['execsigs: caught SIGHUP SIGCHLD back to SIG_DFL; pending SIGCHLD dropped (ignored by default)']);
  });

  it('names the process after the file, up to MAXCOMLEN (19) characters, and records the executable', () => {
    const r = run(
      cloudabiScenario({
        nodes: baseNodes([cloudabiElf('/bin/a-rather-long-program-name')]),
        tasks: [launcher([{ fd: 4, target: { path: '/bin/a-rather-long-program-name' }, access: 'exec' }])],
        steps: [procExec(argNull, undefined, 4)],
      }),
    );
    const t = r.final.tasks.get(LAUNCHER_PID)!;
    assert.equal(t.comm, 'a-rather-long-progr');
    assert.equal(t.exe, '/bin/a-rather-long-program-name');
    assert.equal(t.pid, LAUNCHER_PID);
  });

  it('keeps the process in capability mode', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argNull), { expect: true, what: 'capability-mode', task: 'launcher', enabled: true }] }));
    assert.equal(r.final.tasks.get(LAUNCHER_PID)!.capabilityMode, true);
    assert.ok(r.expectations()[0]!.passed);
  });
});
