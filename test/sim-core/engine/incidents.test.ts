import * as assert from 'node:assert/strict';
import { Engine, incidentsAt, type Incident } from '../../../sim-core/src/index.js';
import { expect, scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

function incidents(engine: Engine): Array<Incident & { seq: number }> {
  return engine.events().flatMap((e) => incidentsAt(engine, e.seq).map((i) => ({ ...i, seq: e.seq })));
}

describe('incidents', () => {
  it('an exec that fails stops once, in the phase that failed, with the errno and its reason', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/missing', argv: ['missing'] }] }));
    const found = incidents(engine).filter((i) => i.kind === 'exec-failed');
    assert.equal(found.length, 1);
    const [i] = found;
    const e = engine.event(i!.seq);
    assert.equal(e.kind === 'phase-left' && e.phase, 'linux.open_exec');
    assert.equal(i!.errno, 'ENOENT');
    assert.match(i!.description, /^do_open_execat failed with ENOENT \(No such file or directory\): /);
    assert.ok(i!.details.includes('ENOENT here: the file or a directory on the way does not exist'));
  });

  it('marks the point of no return of a successful exec', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }] }));
    const ponr = incidents(engine).filter((i) => i.kind === 'point-of-no-return');
    assert.equal(ponr.length, 1);
    assert.equal(engine.event(ponr[0]!.seq).kind, 'point-of-no-return');
  });

  it('a setuid program started holding fd 4 reports fd 4, not the standard streams or close-on-exec fds', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }));
    const leaks = incidents(engine).filter((i) => i.kind === 'secure-exec-leak');
    assert.equal(leaks.length, 1);
    assert.deepEqual(leaks[0]!.details, ['fd 4 → /etc/shadow (ro)']);
    assert.equal(leaks[0]!.description, 'shell (pid 100) starts /bin/su with AT_SECURE=1 holding fd 4 → /etc/shadow (ro)');
  });

  it('reports no leak when every fd above 2 is close-on-exec', () => {
    const task = shellTask();
    const fds = task.fds!.map((f) => (f.fd === 4 ? { ...f, cloexec: true } : f));
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [{ ...task, fds }], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }));
    assert.deepEqual(incidents(engine).filter((i) => i.kind === 'secure-exec-leak'), []);
  });

  it('reports no leak for an exec that is not secure', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/true', argv: ['true'] }] }));
    assert.deepEqual(incidents(engine).filter((i) => i.kind === 'secure-exec-leak'), []);
  });

  it('reports a failed expectation with what was expected and seen', () => {
    const engine = new Engine(
      scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'close', fd: 3 }, expect({ what: 'fd-open', task: 'shell', fd: 3 })] }),
    );
    const failed = incidents(engine).filter((i) => i.kind === 'expectation-failed');
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.description, /^expected .*3.*, saw .*3 closed/);
  });
});
