import * as assert from 'node:assert/strict';
import type { BinfmtMiscSpec } from '../../../../../sim-core/src/index.js';
import { data, elf, expect, script } from '../../../../support/scenario-builder.js';
import { eventsOf, fdRows, outcomeOf, run, taskNamed, world } from './birth-world.js';

const jar = (flags: BinfmtMiscSpec['flags'], interpreter = '/usr/bin/jexec'): BinfmtMiscSpec => ({ name: 'jar', match: { extension: 'jar' }, interpreter, flags });

function jarWorld(flags: BinfmtMiscSpec['flags'], extra: { interpreter?: string; appMode?: number; steps?: Parameters<typeof world>[0] extends infer P ? P extends { steps?: infer S } ? S : never : never } = {}) {
  return world({
    machine: { binfmtMisc: [jar(flags, extra.interpreter)] },
    nodes: [
      elf('/bin/sh'),
      elf('/usr/bin/jexec'),
      script('/usr/bin/jexec.sh', '#!/bin/sh\n'),
      { kind: 'file', path: '/tmp/app.jar', content: { type: 'data', text: 'PK\x03\x04' }, mode: extra.appMode ?? 0o755 },
      { kind: 'dir', path: '/tmp', mode: 0o1777 },
      data('/etc/motd'),
      { kind: 'device', path: '/dev/tty', device: 'char' },
    ],
    steps: extra.steps ?? [{ task: 'shell', call: 'execve', path: '/tmp/app.jar', argv: ['app', '--run'] }],
  });
}

describe('linux execfd: binfmt_misc O and C (the generic execfd support merged in v5.8)', () => {
  it('installs the binary as the lowest free fd after close-on-exec, without close-on-exec, and names it in AT_EXECFD', () => {
    const e = run(jarWorld(['O']));
    assert.equal(outcomeOf(e, 0), 'ok');
    assert.deepEqual(fdRows(e.state, 'shell'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)', '2 → /tmp/app.jar (ro)']);
    const mm = e.state.mms.get(taskNamed(e.state, 'shell').mm)!;
    assert.equal(mm.auxv.AT_EXECFD, 2);
    assert.deepEqual(mm.argv, ['/usr/bin/jexec', '/tmp/app.jar', '--run']);
    const kinds = eventsOf(e, 0).flatMap((x) => (x.kind === 'fd-closed' ? [`closed ${x.fds.join(',')} ${x.reason}`] : x.kind === 'fd-opened' ? [`opened ${x.fd} ${x.how}`] : []));
    assert.deepEqual(kinds, ['closed 3 close-on-exec', 'opened 2 execfd']);
  });

  it('keeps the replaced binary as bprm->executable in exec_binprm, and installs it in the commit', () => {
    const e = run(jarWorld(['O']));
    const evs = eventsOf(e, 0);
    const kept = evs.find((x) => x.kind === 'note' && x.text === 'bprm->executable = /tmp/app.jar (kept open for AT_EXECFD)');
    const opened = evs.find((x) => x.kind === 'fd-opened' && x.how === 'execfd');
    assert.equal(kept?.frame?.phase, 'linux.interp_loop');
    assert.equal(opened?.frame?.phase, 'linux.commit');
    assert.ok(kept!.seq < opened!.seq);
  });

  it('passes no fd without O', () => {
    const e = run(jarWorld([], { steps: [{ task: 'shell', call: 'execve', path: '/tmp/app.jar', argv: ['app'] }, expect({ what: 'auxv', task: 'shell', key: 'AT_EXECFD', value: null })] }));
    assert.deepEqual(fdRows(e.state, 'shell'), ['0 → /dev/tty (rw)', '1 → /dev/tty (rw)']);
    assert.deepEqual([...e.expectationResults().values()].map((r) => r.passed), [true]);
  });

  it('keeps argv[0] with P', () => {
    const e = run(jarWorld(['P', 'O']));
    assert.deepEqual(e.state.mms.get(taskNamed(e.state, 'shell').mm)!.argv, ['/usr/bin/jexec', '/tmp/app.jar', 'app', '--run']);
  });

  it('takes the set-id bits from the binary with C, which also implies O', () => {
    const e = run(jarWorld(['C'], { appMode: 0o4755 }));
    const shell = taskNamed(e.state, 'shell');
    assert.deepEqual([shell.creds.uid, shell.creds.euid], [1000, 0]);
    assert.equal(e.state.mms.get(shell.mm)!.auxv.AT_EXECFD, 2);
    assert.equal(e.state.mms.get(shell.mm)!.auxv.AT_SECURE, 1);
  });

  it('ignores the binary\'s set-id bits with O alone: the credentials come from the interpreter', () => {
    const e = run(jarWorld(['O'], { appMode: 0o4755 }));
    const shell = taskNamed(e.state, 'shell');
    assert.deepEqual([shell.creds.uid, shell.creds.euid], [1000, 1000]);
  });

  it('fails with ENOEXEC when the O interpreter is itself rewritten (a #! script): one binary only', () => {
    const e = run(jarWorld(['O'], { interpreter: '/usr/bin/jexec.sh' }));
    assert.equal(outcomeOf(e, 0), 'ENOEXEC');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.interp_loop');
    assert.equal(e.actions().get(0)!.ponr, false);
  });

  it('fails with ENOENT when the binary was named through a close-on-exec directory fd', () => {
    const e = run(
      world({
        machine: { binfmtMisc: [jar(['O'])] },
        nodes: [elf('/usr/bin/jexec'), { kind: 'file', path: '/tmp/app.jar', content: { type: 'data', text: 'PK' }, mode: 0o755 }, { kind: 'device', path: '/dev/tty', device: 'char' }, data('/etc/motd')],
        tasks: [{ name: 'shell', pid: 100, exe: '/bin/sh', fds: [{ fd: 4, target: { path: '/tmp' }, cloexec: true }] }],
        steps: [{ task: 'shell', call: 'execveat', dirfd: 4, path: 'app.jar', argv: ['app'], flags: [] }],
      }),
    );
    assert.equal(outcomeOf(e, 0), 'ENOENT');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o && o.phase === 'linux.binfmt_misc' && /\/dev\/fd\/4\/app\.jar/.test(o.detail));
  });
});

describe('linux execveat(AT_EXE_FILE)', () => {
  it('was never merged: do_open_execat refuses the flag with EINVAL and says so', () => {
    const e = run(world({ steps: [{ task: 'shell', call: 'execveat', dirfd: 'AT_FDCWD', path: '', argv: ['sh'], flags: ['AT_EMPTY_PATH', 'AT_EXE_FILE'] }] }));
    assert.equal(outcomeOf(e, 0), 'EINVAL');
    const o = e.outcomes().get(0)!;
    assert.ok(!o.ok && 'errno' in o);
    assert.equal(o.phase, 'linux.open_exec');
    assert.match(o.detail, /AT_EXE_FILE was proposed in 2020 but never merged/);
    assert.equal(e.actions().get(0)!.ponr, false);
  });
});
