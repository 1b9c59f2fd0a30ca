import * as assert from 'node:assert/strict';
import { Engine, Watchpoint } from '../../../sim-core/src/index.js';
import { scenario } from '../../support/scenario-builder.js';
import { shellTask, suNodes } from '../../support/linux-world.js';

function changes(engine: Engine, w: Watchpoint): Array<{ seq: number; kind: string; from: string; to: string }> {
  return engine.events().flatMap((e) => {
    const c = w.change(engine.stateAt(e.seq - 1), engine.stateAt(e.seq));
    return c ? [{ seq: e.seq, kind: e.kind, ...c }] : [];
  });
}

const su = () => new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'execve', path: '/bin/su', argv: ['su'] }] }));

describe('watchpoints', () => {
  it('sees an fd slot change exactly where close-on-exec closes it', () => {
    const found = changes(su(), new Watchpoint('shell.fd[3]'));
    assert.deepEqual(found.map((c) => [c.kind, c.to]), [['fd-closed', 'closed']]);
    assert.match(found[0]!.from, /^#\d+ \/etc\/motd \(ro, cloexec\)$/);
  });

  it('sees the euid change where the new credentials are committed', () => {
    const found = changes(su(), new Watchpoint('shell.euid'));
    assert.deepEqual(found.map((c) => [c.kind, c.from, c.to]), [['creds-changed', '1000', '0']]);
  });

  it('sees a dup2 onto a slot even when the slot reads the same before and after', () => {
    const fds = [{ fd: 0, target: { path: '/dev/tty' }, access: 'rw' as const }, { fd: 4, target: { path: '/etc/motd' }, access: 'ro' as const }];
    const engine = new Engine(
      scenario({
        nodes: suNodes(),
        tasks: [shellTask({ fds })],
        steps: [
          { task: 'shell', call: 'open', path: '/etc/motd', flags: ['O_RDONLY'] },
          { task: 'shell', call: 'dup2', oldfd: 1, newfd: 4 },
        ],
      }),
    );
    const found = changes(engine, new Watchpoint('shell.fd[4]'));
    // dup2 closes the old description of fd 4 and installs fd 1's: two events, one display text.
    assert.deepEqual(found.map((c) => c.kind), ['fd-closed', 'fd-opened']);
    assert.match(found[1]!.to, /^#\d+ \/etc\/motd \(ro\)$/);
    assert.notEqual(found[0]!.from, found[1]!.to);
  });

  it('sees a child task appear as a change of its value', () => {
    const engine = new Engine(scenario({ nodes: suNodes(), tasks: [shellTask()], steps: [{ task: 'shell', call: 'fork', child: 'kid' }] }));
    const found = changes(engine, new Watchpoint('kid.euid'));
    assert.deepEqual(found.map((c) => [c.kind, c.from, c.to]), [['task-created', '(no task named "kid")', '1000']]);
  });

  it('rejects an expression that does not parse', () => {
    assert.throws(() => new Watchpoint('shell.fd['), /the expression ends too early/);
  });
});
