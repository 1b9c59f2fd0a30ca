import * as assert from 'node:assert/strict';
import { argFd, argMap, argNull, argSeq, argStr, argTimestamp } from '../../../../../sim-core/src/index.js';
import { LAUNCHER_PID, cloudabiScenario, fdRows, imageOf, lastMessage, launcher, procExec, run } from '../support.js';

const sockets = [
  { fd: 4, target: { socket: 'a' } },
  { fd: 5, target: { socket: 'b' } },
  { fd: 6, target: { socket: 'c' } },
];

describe('cloudlibc program_exec (phase 1)', () => {
  it('renumbers fds in document order and passes the fds array [6, 4, 5]', () => {
    const r = run(cloudabiScenario({ tasks: [launcher(sockets)], steps: [procExec(argSeq([argFd(6), argFd(4), argFd(6), argFd(5)]))] }));
    const m = lastMessage(r.final);
    assert.deepEqual(m.fds, [6, 4, 5]);
    assert.equal(m.data, '07 85 03 00 00 00 00 85 03 00 00 00 01 85 03 00 00 00 00 85 03 00 00 00 02');
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → socket:c (rw)', '1 → socket:a (rw)', '2 → socket:b (rw)']);
  });

  it('records the tree, the data and the fds array as the message in flight', () => {
    const r = run(cloudabiScenario({ tasks: [launcher(sockets)], steps: [procExec(argFd(5))] }));
    const serialized = r.ofKind('argdata-serialized');
    assert.equal(serialized.length, 1);
    assert.deepEqual(
      { via: serialized[0]!.via, datalen: serialized[0]!.datalen, fds: serialized[0]!.fds, hex: serialized[0]!.hex },
      { via: 'program_exec', datalen: 5, fds: [5], hex: '03 00 00 00 00' },
    );
    const m = lastMessage(r.final);
    assert.deepEqual({ tree: m.tree, execfd: m.execfd, stage: m.stage, argc: m.argc }, { tree: argFd(5), execfd: 3, stage: 'delivered', argc: 5 });
  });

  it('passes no data and no fds for the null tree (proc_exec(fd, NULL, 0, NULL, 0))', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argNull)] }));
    assert.deepEqual(lastMessage(r.final).fds, []);
    assert.equal(lastMessage(r.final).datalen, 0);
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), []);
    assert.equal(imageOf(r.final, LAUNCHER_PID).auxv.find((a) => a.type === 'CLOUDABI_AT_ARGDATALEN')!.value, 0);
  });

  it('fails with EBADF before the kernel when the tree holds fd -1 (argdata_create_fd)', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argMap([[argStr('in'), argFd(-1)]]))] }));
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'EBADF',
      detail: 'argdata_create_fd(-1) refuses a negative fd (at $.map[0].value)',
      phase: 'cloudabi.libc.serialize',
    });
    assert.deepEqual(r.phases(), ['cloudabi.libc.serialize']);
    assert.equal(r.engine.actions().get(0)!.ponr, false);
  });

  it('fails with EILSEQ when a string is not UTF-8 (argdata_create_str)', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argStr('\ud800'))] }));
    assert.equal((r.outcome() as { errno: string }).errno, 'EILSEQ');
  });

  it('fails with EINVAL for nanoseconds outside 0..999999999 (argdata_create_timestamp)', () => {
    const r = run(cloudabiScenario({ steps: [procExec(argTimestamp(0, 1_000_000_000))] }));
    assert.equal((r.outcome() as { errno: string }).errno, 'EINVAL');
  });

  it('turns ENOTCAPABLE into EBADF for a regular file without CAP_FEXECVE (errno_fixup_executable)', () => {
    const task = launcher([], {});
    const fds = task.fds!.map((f) => (f.fd === 3 ? { ...f, rights: ['CAP_READ'] } : f));
    const r = run(cloudabiScenario({ tasks: [{ ...task, fds }], steps: [procExec(argNull), { expect: true, what: 'kernel-errno', action: 0 as number, errno: 'ENOTCAPABLE' }] }));
    assert.deepEqual(r.outcome(), {
      ok: false,
      errno: 'EBADF',
      detail: 'fd 3 has rights {CAP_READ}, without CAP_FEXECVE (the kernel returned ENOTCAPABLE)',
      phase: 'cloudabi.kern.open_exec',
    });
    assert.deepEqual(
      r.ofKind('errno-converted').map((e) => [e.from, e.to]),
      [['ENOTCAPABLE', 'EBADF']],
    );
    assert.ok(r.expectations().every((x) => x.passed));
  });

  it('turns ENOTCAPABLE into EACCES when the fd is not a regular file', () => {
    const r = run(
      cloudabiScenario({
        tasks: [launcher([{ fd: 4, target: { path: '/var/spool' }, access: 'ro', rights: ['CAP_LOOKUP'] }])],
        steps: [procExec(argNull, undefined, 4)],
      }),
    );
    assert.equal((r.outcome() as { errno: string }).errno, 'EACCES');
  });

  it('accepts the CloudABI name of the right, CLOUDABI_RIGHT_PROC_EXEC', () => {
    const task = launcher();
    const fds = task.fds!.map((f) => (f.fd === 3 ? { ...f, rights: ['CLOUDABI_RIGHT_PROC_EXEC'] } : f));
    assert.equal(run(cloudabiScenario({ tasks: [{ ...task, fds }], steps: [procExec(argNull)] })).outcome().ok, true);
  });

  it('leaves ENOTCAPABLE alone when the program calls cloudabi_sys_proc_exec itself', () => {
    const task = launcher();
    const fds = task.fds!.map((f) => (f.fd === 3 ? { ...f, rights: [] } : f));
    const r = run(cloudabiScenario({ tasks: [{ ...task, fds }], steps: [procExec(argNull, [])] }));
    assert.equal((r.outcome() as { errno: string }).errno, 'ENOTCAPABLE');
    assert.deepEqual(r.ofKind('errno-converted'), []);
  });

  it('writes fd values literally when the program passes its own fds array', () => {
    const r = run(cloudabiScenario({ tasks: [launcher(sockets)], steps: [procExec(argSeq([argFd(1), argFd(0)]), [6, 4])] }));
    const m = lastMessage(r.final);
    assert.equal(m.via, 'cloudabi_sys_proc_exec');
    assert.equal(m.data, '07 85 03 00 00 00 01 85 03 00 00 00 00');
    assert.deepEqual(m.fds, [6, 4]);
    assert.deepEqual(fdRows(r.final, LAUNCHER_PID), ['0 → socket:c (rw)', '1 → socket:a (rw)']);
  });
});
