import * as assert from 'node:assert/strict';
import { describeFd } from '../../../../sim-core/src/index.js';
import { data, expect } from '../../../support/scenario-builder.js';
import { find, l4of, l4world, outcome, phases, run } from './l4hurd-world.js';

const execTrue = { task: 'shell', call: 'execve' as const, path: '/bin/true', argv: ['true', '-x'], envp: ['HOME=/home/u'] };

describe('l4hurd exec of a program (not secure)', () => {
  it('runs the phases of the proposal in order: call, file_exec, script check, suspend, revoke, trash, load, stack, new task', () => {
    const e = run(l4world({ steps: [execTrue] }));
    assert.equal(outcome(e, 0), 'ok');
    assert.deepEqual(phases(e), [
      'l4hurd.call',
      'l4hurd.file_exec',
      'l4hurd.script_check',
      'l4hurd.suspend',
      'l4hurd.secure_revoke',
      'l4hurd.trash',
      'l4hurd.load',
      'l4hurd.stack',
      'l4hurd.newtask_init',
    ]);
  });

  it('makes exec call only system servers, and no lookup at all', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'l4hurd-exec-calls', calls: [] })] }));
    assert.deepEqual(e.state.ext.l4hurd!.execCalls, [
      'fs: io_read the header of /bin/true',
      'task server: task_suspend pid 100',
      'task server: task_trash pid 100: revoke all mappings, kill all threads',
      'fs: map /bin/true into pid 100',
      'task server: task_start pid 100 at 0x401000',
    ]);
    const r = [...e.expectationResults().values()][0]!;
    assert.equal(r.passed, false);
    assert.match(r.seen, /^fs: io_read the header of \/bin\/true; task server: task_suspend pid 100/);
  });

  it('keeps no state in exec: it holds the task object during the call only', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'l4hurd-exec-holds', holds: [] })] }));
    const suspend = find(e, (x) => x.kind === 'phase-entered' && x.phase === 'l4hurd.suspend');
    assert.deepEqual(e.stateAt(suspend.seq).ext.l4hurd!.execHolds, ['send right on the task object of pid 100']);
    assert.deepEqual(l4of(e.stateAt(suspend.seq), 'shell').holders.map((h) => h.name), ['shell', 'login', 'exec server']);
    assert.deepEqual(e.state.ext.l4hurd!.execHolds, []);
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true]);
  });

  it('leaves the other holders of the task object alone', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'l4hurd-holders', task: 'shell', holders: ['shell', 'login'] })] }));
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true]);
    const changes = e.events().flatMap((x) => (x.kind === 'l4hurd-holder' ? [`${x.holder} ${x.change}`] : []));
    assert.deepEqual(changes, ['exec server granted', 'exec server dropped']);
  });

  it('crosses its point of no return when it trashes the task: mappings revoked, fd table gone, handles still allocated', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'ponr', action: 0, crossed: true })] }));
    const ponr = find(e, (x) => x.kind === 'point-of-no-return');
    assert.equal(ponr.frame?.phase, 'l4hurd.trash');
    const afterTrash = e.stateAt(find(e, (x) => x.kind === 'phase-left' && x.phase === 'l4hurd.trash').seq);
    const shell = afterTrash.tasks.get(100)!;
    assert.deepEqual(afterTrash.mms.get(shell.mm)!.mappings, []);
    assert.equal(afterTrash.fdTables.get(shell.files)!.slots.size, 0);
    assert.deepEqual(l4of(afterTrash, 'shell').handles.map((h) => `#${h.id} ${h.use}`), ['#5 fd 0', '#6 fd 3', '#7 cwd', '#8 root', '#9 auth', '#10 proc']);
  });

  it('writes the caller\'s words unchanged on the new stack with what only exec knows', () => {
    const e = run(l4world({ steps: [execTrue] }));
    assert.deepEqual(l4of(e.state, 'shell').stack, {
      words: {
        argv: ['true', '-x'],
        envp: ['HOME=/home/u'],
        fds: [{ fd: 0, handle: 5 }],
        ports: [
          { use: 'cwd', handle: 7 },
          { use: 'root', handle: 8 },
          { use: 'auth', handle: 9 },
          { use: 'proc', handle: 10 },
        ],
        dealloc: [6],
      },
      entry: '0x401000',
      stackBase: 'top of the new stack',
      stackSize: 8 * 1024 * 1024,
      phdrs: ['PT_LOAD'],
      secure: false,
      auth: null,
    });
  });

  it('has the new task, not exec, deallocate the old program\'s handles', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'l4hurd-handles', task: 'shell', handles: ['fd 0 → fs:/dev/tty', 'cwd → fs:/home/u', 'root → fs:/', 'auth → auth:uid 1000 gid 1000', 'proc → proc:pid 100'] })] }));
    const dealloc = find(e, (x) => x.kind === 'l4hurd-handle' && x.change === 'deallocated');
    assert.ok(dealloc.kind === 'l4hurd-handle' && dealloc.handle === 6 && dealloc.object === '/etc/motd');
    assert.equal(dealloc.frame?.phase, 'l4hurd.newtask_init');
    assert.equal(dealloc.frame?.parent?.actor, 'new-program');
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true]);
  });

  it('rebuilds the fd table from the words: the close-on-exec fd is gone, the others keep their numbers', () => {
    const e = run(l4world({ steps: [execTrue, expect({ what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }] })] }));
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true]);
    const shell = e.state.tasks.get(100)!;
    assert.equal(describeFd(e.state, shell, 0), '0 → /dev/tty (rw)');
    const opened = find(e, (x) => x.kind === 'fd-opened');
    assert.ok(opened.kind === 'fd-opened' && opened.how === 'startup' && opened.frame?.phase === 'l4hurd.newtask_init');
  });

  it('keeps the pid, the task and the credentials of a non-secure exec', () => {
    const e = run(l4world({ steps: [execTrue] }));
    const shell = e.state.tasks.get(100)!;
    assert.deepEqual([shell.pid, shell.exe, shell.creds.euid, e.state.mms.get(shell.mm)!.argv], [100, '/bin/true', 1000, ['true', '-x']]);
  });

  it('takes the program interpreter of a dynamic binary from exec\'s own root, and says the proposal is silent on it', () => {
    const e = run(l4world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/dyn', argv: ['dyn'] }] }));
    assert.ok(e.state.ext.l4hurd!.execCalls.includes("fs: dir_lookup /lib/ld.so from exec's own root (program interpreter)"));
    assert.deepEqual(l4of(e.state, 'shell').stack!.phdrs, ['PT_LOAD', 'PT_INTERP /lib/ld.so']);
    assert.ok(find(e, (x) => x.kind === 'note' && x.text.startsWith('the proposal does not say who finds the program interpreter')));
  });
});

describe('l4hurd exec errors before the point of no return', () => {
  it('reports a missing file from the caller\'s own lookup: exec is never called', () => {
    const e = run(l4world({ steps: [{ task: 'shell', call: 'execve', path: '/bin/nope', argv: ['nope'] }] }));
    assert.equal(outcome(e, 0), 'ENOENT in l4hurd.call');
    assert.deepEqual(e.state.ext.l4hurd!.execCalls, []);
    assert.equal(e.events().filter((x) => x.kind === 'l4hurd-rpc').length, 0);
  });

  it('reports a file without execute permission from the filesystem', () => {
    const e = run(l4world({ steps: [{ task: 'shell', call: 'execve', path: '/home/u/notes', argv: ['notes'] }] }));
    assert.equal(outcome(e, 0), 'EACCES in l4hurd.file_exec');
  });

  it('reports a file that is neither a script nor ELF from exec, which then holds nothing and touched nothing', () => {
    const e = run(
      l4world({
        nodes: [{ kind: 'file', path: '/bin/blob', content: { type: 'data' }, mode: 0o755 }, data('/etc/motd'), { kind: 'device', path: '/dev/tty', device: 'char' }],
        steps: [
          { task: 'shell', call: 'execve', path: '/bin/blob', argv: ['blob'] },
          expect({ what: 'l4hurd-exec-holds', holds: [] }),
          expect({ what: 'l4hurd-holders', task: 'shell', holders: ['shell', 'login'] }),
          expect({ what: 'fd-table', task: 'shell', rows: [{ fd: 0, target: '/dev/tty', access: 'rw' }, { fd: 3, target: '/etc/motd', access: 'ro', cloexec: true }] }),
          expect({ what: 'ponr', action: 0, crossed: false }),
        ],
      }),
    );
    assert.equal(outcome(e, 0), 'ENOEXEC in l4hurd.script_check');
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true, true, true, true]);
  });
});
